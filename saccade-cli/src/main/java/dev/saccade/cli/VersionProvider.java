package dev.saccade.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version written into the jar manifest by Maven, or "dev" when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"saccade " + (v == null ? "dev" : v)};
    }
}
