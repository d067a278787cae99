using System;
using System.IO;
using System.Linq;
using FeatureContracts.Testing;

namespace FeatureContracts.Shipments.Tests.Docs;

/// <summary>The README's example is the compiled, run quick start of the sample, verbatim.</summary>
public sealed class ReadmeTests
{
    private static string RepositoryRoot()
        => SourceTree.Root("FeatureContracts.sln");

    [Fact]
    public void Readme_example_is_the_sample_quick_start_verbatim()
    {
        string root = RepositoryRoot();
        string[] source = File.ReadAllLines(Path.Combine(root, "samples", "DeliveryEta", "QuickStart.cs"));
        int begin = Array.FindIndex(source, l => l.Contains("begin-snippet: quickstart", StringComparison.Ordinal));
        int end = Array.FindIndex(source, l => l.Contains("end-snippet", StringComparison.Ordinal));
        begin.Should().BeGreaterThan(-1);
        end.Should().BeGreaterThan(begin);
        int indent = source[begin].Length - source[begin].TrimStart().Length;
        string snippet = string.Join("\n", source[(begin + 1)..end].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));

        // The using lines too: the README's block compiles as it stands, as a program referencing the packages.
        string usings = string.Join("\n", source.Where(l => l.StartsWith("using ", StringComparison.Ordinal)));
        usings.Should().Contain("using FeatureContracts.Shipments;");

        string readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

        readme.Should().Contain("```csharp\n" + usings + "\n\n" + snippet + "\n```");
    }

    [Fact]
    public void Readme_starts_with_the_sample_and_test_commands()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        string[] commands = lines.SkipWhile(l => !l.StartsWith("```bash", StringComparison.Ordinal)).Skip(1).TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).ToArray();

        commands.Should().HaveCount(2);
        commands[0].Should().StartWith("dotnet run --project samples/DeliveryEta");
        commands[1].Should().StartWith("dotnet test FeatureContracts.sln -c Release");
    }
}
