package org.openclaw.oversight.anomaly;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.CEP;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.openclaw.oversight.schema.Alert;

/** The real CEP operator of an {@link AlertPattern} (as the job builds it) in a keyed test harness, optionally restored from a snapshot. */
final class PatternHarness {

    private PatternHarness() {}

    static <T> KeyedOneInputStreamOperatorTestHarness<String, T, Alert> open(AlertPattern<T> pattern, KeySelector<T, String> key,
            TypeInformation<T> type, OperatorSubtaskState restore) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<T> input = env.fromData(List.<T>of(), type);
        SingleOutputStreamOperator<Alert> alerts = CEP.pattern(input.keyBy(key, Types.STRING), pattern.pattern()).inEventTime()
                .process(pattern.process(), new AvroTypeInfo<>(Alert.class));
        @SuppressWarnings("unchecked")
        StreamOperatorFactory<Alert> factory = ((OneInputTransformation<T, Alert>) alerts.getTransformation()).getOperatorFactory();
        KeyedOneInputStreamOperatorTestHarness<String, T, Alert> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(factory, key, Types.STRING);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        return harness;
    }
}
