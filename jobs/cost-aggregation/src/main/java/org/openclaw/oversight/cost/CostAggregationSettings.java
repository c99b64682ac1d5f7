package org.openclaw.oversight.cost;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Event-time knobs of the job. Production defaults ({@link #defaults}): events may arrive 30 s out
 * of order before windows fire; a source partition quiet for 1 min stops holding the watermark back;
 * a fired 1-minute window accepts corrections for 10 min, an hourly one for 1 h. {@code UnpricedModel}
 * fires by {@link UnpricedModelRule#DEFAULTS} unless {@code main} passes the config's thresholds.
 */
public record CostAggregationSettings(
        Duration outOfOrderness,
        Duration idleness,
        Duration allowedLateness1m,
        Duration allowedLateness1h,
        Duration dbFlushInterval,
        BudgetBook budgets,
        UnpricedModelRule unpricedModel) implements Serializable {

    public CostAggregationSettings {
        Objects.requireNonNull(outOfOrderness, "outOfOrderness");
        Objects.requireNonNull(idleness, "idleness");
        Objects.requireNonNull(allowedLateness1m, "allowedLateness1m");
        Objects.requireNonNull(allowedLateness1h, "allowedLateness1h");
        Objects.requireNonNull(dbFlushInterval, "dbFlushInterval");
        Objects.requireNonNull(budgets, "budgets");
        Objects.requireNonNull(unpricedModel, "unpricedModel");
    }

    public static CostAggregationSettings defaults(BudgetBook budgets) {
        return new CostAggregationSettings(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(10),
                Duration.ofHours(1), Duration.ofSeconds(1), budgets, UnpricedModelRule.DEFAULTS);
    }

    public CostAggregationSettings withLateness(Duration outOfOrderness, Duration idleness, Duration allowedLateness1m,
            Duration allowedLateness1h) {
        return new CostAggregationSettings(outOfOrderness, idleness, allowedLateness1m, allowedLateness1h, dbFlushInterval, budgets,
                unpricedModel);
    }

    public CostAggregationSettings withDbFlushInterval(Duration interval) {
        return new CostAggregationSettings(outOfOrderness, idleness, allowedLateness1m, allowedLateness1h, interval, budgets,
                unpricedModel);
    }

    public CostAggregationSettings withUnpricedModel(UnpricedModelRule rule) {
        return new CostAggregationSettings(outOfOrderness, idleness, allowedLateness1m, allowedLateness1h, dbFlushInterval, budgets,
                rule);
    }
}
