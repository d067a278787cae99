using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using FeatureContracts.Export;
using NodaTime;

namespace FeatureContracts.Monitoring.Tests;

/// <summary>
/// The report page rendered by a real browser: Debian's headless Chromium (installed by CI) lays out a chart per
/// feature and takes a screenshot. Where no Chromium is installed the tests are skipped, except under CI, where that
/// is a failure.
/// </summary>
public sealed class ChromiumTests
{
    private static readonly string? Chromium = new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
        .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    private static void RequireChromium()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (Chromium is null && ci)
        {
            throw new InvalidOperationException("CI must install Debian's chromium package (apt-get install chromium) for the report page tests.");
        }

        Skip.If(Chromium is null, "Chromium is not installed (apt-get install chromium); the page's content is still checked by ReportTests.");
    }

    private static async Task<string> PageAsync(string folder)
    {
        var scenario = new ServingScenario(orders: 150, seed: 3);
        ExportManifest manifest = await LiveReplay.BaselineAsync(scenario, ServingScenario.Start + Duration.FromDays(14));
        MonitoringReport report = MonitoringCheck.Run(
            LiveReplay.Transform, manifest, LiveReplay.Read(LiveReplay.ServingLog(scenario.Events, Duration.FromHours(6))), LiveReplay.EventLog(scenario.Events));
        string path = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(path, ReportHtml.Render(report));
        return path;
    }

    private static (int ExitCode, string Output) Run(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(Chromium!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={Path.Combine(folder, "profile")}",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("Chromium did not finish within two minutes.");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    [SkippableFact]
    public async Task Chromium_lays_out_a_chart_per_feature_with_both_distributions()
    {
        RequireChromium();
        string folder = Directory.CreateTempSubdirectory("fc-page-").FullName;
        try
        {
            string page = await PageAsync(folder);
            (int exit, string dom) = Run(folder, "--dump-dom", new Uri(page).AbsoluteUri);

            exit.Should().Be(0, dom);
            Regex.Count(dom, "<svg class=\"chart\"").Should().Be(LiveReplay.Transform.Contract.Features.Length);
            Regex.Count(dom, "<rect class=\"serving\"").Should().Be(Regex.Count(dom, "<rect class=\"training\"")).And.BeGreaterThan(10);
            dom.Should().Contain("repair the feature path");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [SkippableFact]
    public async Task Chromium_takes_a_screenshot_of_the_page()
    {
        RequireChromium();
        string folder = Directory.CreateTempSubdirectory("fc-page-").FullName;
        try
        {
            string page = await PageAsync(folder);
            string png = Path.Combine(folder, "report.png");
            (int exit, string output) = Run(folder, $"--screenshot={png}", "--window-size=1200,1600", new Uri(page).AbsoluteUri);

            exit.Should().Be(0, output);
            byte[] bytes = await File.ReadAllBytesAsync(png);
            bytes.Take(8).Should().Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "a PNG file");
            bytes.Length.Should().BeGreaterThan(20_000, "a rendered page, not a blank one");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
