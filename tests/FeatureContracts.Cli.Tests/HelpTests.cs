using System;

namespace FeatureContracts.Cli.Tests;

/// <summary>The tool names itself as users type it (its ToolCommandName), not after the running executable.</summary>
public sealed class HelpTests : CliTestBase
{
    [Fact]
    public void Help_shows_the_usage_of_the_featurecontracts_command()
    {
        CliRun run = Run("--help");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Replace("\r\n", "\n", StringComparison.Ordinal).Should().Contain("Usage:\n  featurecontracts [command] [options]", run.ToString());
    }

    [Fact]
    public void A_command_s_help_names_the_tool_before_the_command()
    {
        CliRun run = Run("export", "--help");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Replace("\r\n", "\n", StringComparison.Ordinal).Should().Contain("Usage:\n  featurecontracts export [options]", run.ToString());
    }
}
