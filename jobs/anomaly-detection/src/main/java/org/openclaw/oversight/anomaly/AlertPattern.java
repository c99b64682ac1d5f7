package org.openclaw.oversight.anomaly;

import java.io.Serializable;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.openclaw.oversight.schema.Alert;

/**
 * A CEP pattern and what a match raises (STYLE: the flink-cookbook shape), so patterns are tested on
 * their own and versions of one can be compared on the same input. Every pattern has a
 * {@code within} and an explicit skip strategy.
 */
public interface AlertPattern<T> extends Serializable {

    Pattern<T, ?> pattern();

    PatternProcessFunction<T, Alert> process();
}
