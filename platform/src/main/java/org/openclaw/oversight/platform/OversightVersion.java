package org.openclaw.oversight.platform;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest when packaged, "development" when run from target/classes. */
public final class OversightVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = OversightVersion.class.getPackage().getImplementationVersion();
        return new String[] {"oversight " + (version == null ? "development build" : version)};
    }
}
