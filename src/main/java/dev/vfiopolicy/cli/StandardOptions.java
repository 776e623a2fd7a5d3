package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * What every command has: --help, --version and the exit codes at the end of its help. A mixin,
 * so that each command's annotations say it all (the man pages are generated from them).
 */
@Command(
    mixinStandardHelpOptions = true,
    versionProvider = StandardOptions.VersionProvider.class,
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  internal error (a bug in vfio-policy)",
      "  2  bad input: one message names the file, line and column, or the option"
    })
public final class StandardOptions {
  /** The tool's version, for every command's --version. */
  public static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vfio-policy " + Version.VERSION};
    }
  }
}
