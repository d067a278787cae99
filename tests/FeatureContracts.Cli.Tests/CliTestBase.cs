using System;
using System.CommandLine;
using System.IO;
using NodaTime;
using NodaTime.Testing;
using NodaTime.Text;
using FeatureContracts.Testing;

namespace FeatureContracts.Cli.Tests;

/// <summary>What one in-process run of the tool gave.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Everything written to standard output.</param>
/// <param name="Error">Everything written to standard error.</param>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>A description for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}; stdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>A temporary folder per test class (deleted on dispose), and the tool run in-process against it.</summary>
public abstract class CliTestBase : IDisposable
{
    /// <summary>The instant the injected clock reads: later than every event of the test logs.</summary>
    internal static readonly Instant Now = At("2026-06-01T12:00:00Z");

    protected CliTestBase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "fc-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The test class's temporary folder.</summary>
    protected string Folder { get; }

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    internal static Instant At(string iso) => InstantPattern.ExtendedIso.Parse(iso).GetValueOrThrow();

    /// <summary>A path in the temporary folder.</summary>
    protected string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>
    /// Runs <c>featurecontracts args</c> in-process with a <see cref="FakeClock"/> at <see cref="Now"/>. System.CommandLine's
    /// own messages (parse errors, help) are routed to the same writers as the commands'.
    /// </summary>
    internal static CliRun Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = CliApp.Build(output, error, new FakeClock(Now))
            .Parse(args)
            .Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>The repository root: the folder above the test binaries that holds FeatureContracts.sln.</summary>
    internal static string RepositoryRoot()
        => SourceTree.Root("FeatureContracts.sln");
}
