using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;

namespace FeatureContracts.Cli.Tests;

/// <summary>What one run of the tool as a child process gave.</summary>
/// <param name="ExitCode">The exit code (137 when killed by SIGKILL, as the shell reports it).</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    /// <summary>Standard error's lines.</summary>
    public string[] ErrorLines => Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A description for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}; stdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// The real tool as a child process: the build output of FeatureContracts.Cli, which the build copies beside the
/// tests, run by the dotnet host (<c>dotnet FeatureContracts.Cli.dll ...</c>, one process: the host runs the tool in
/// its own process, so its id is the tool's). <c>FEATURECONTRACTS_TOOL</c> names another build of the tool to run
/// instead (e.g. an older one, to see a test fail without a fix).
/// </summary>
internal sealed class ToolProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private ToolProcess(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The tool's entry assembly.</summary>
    public static string ToolPath => Environment.GetEnvironmentVariable("FEATURECONTRACTS_TOOL") is { Length: > 0 } other
        ? other
        : Path.Combine(AppContext.BaseDirectory, "FeatureContracts.Cli.dll");

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the child has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>featurecontracts args</c>.</summary>
    public static ToolProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new ToolProcess(Process.Start(start)!);
    }

    /// <summary>Runs <c>featurecontracts args</c> to its end.</summary>
    public static ToolRun Run(params string[] args)
    {
        using ToolProcess tool = Start(args);
        return tool.WaitForExit();
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. <c>TERM</c>, <c>INT</c>) to the child, as <c>kill -s</c> does.</summary>
    public void Signal(string signal)
    {
        using Process kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>Kills the child at once (SIGKILL): no handler runs, nothing is cleaned up.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Waits for the child's end (two minutes at most) and returns what it gave.</summary>
    public ToolRun WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            _process.Kill();
            throw new TimeoutException($"The tool did not end within two minutes:\n{_error.Result}");
        }

        _process.WaitForExit();
        return new ToolRun(_process.ExitCode, _output.Result, _error.Result);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
