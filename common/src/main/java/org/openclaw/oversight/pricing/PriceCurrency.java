package org.openclaw.oversight.pricing;

import org.openclaw.oversight.config.ConfigChoice;

/** Currencies a price may be given in; costs are always reported in EUR. */
public enum PriceCurrency implements ConfigChoice {
    USD,
    EUR;

    @Override
    public String configName() {
        return name();
    }
}
