using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using FeatureContracts.Testing;

namespace FeatureContracts.Docs.Tests;

/// <summary>Every code block of the guides (docs/your-own-domain.md, docs/testing.md) is compiled code of this project, verbatim.</summary>
public sealed partial class DocSnippetTests
{
    /// <summary>Each guide, the files that hold its code, and its snippets.</summary>
    public static TheoryData<string, string[], string[]> Guides { get; } = new()
    {
        { "your-own-domain.md", ["TicketDomain.cs", "GuideTests.cs"], ["events", "schema", "view", "domain", "sources", "contract", "run"] },
        { "testing.md", ["TestingGuideTests.cs"], ["fixture", "row", "leakfree", "golden", "compatible"] },
    };

    [Theory]
    [MemberData(nameof(Guides))]
    public void Every_snippet_of_the_guide_appears_in_it_verbatim(string guideFile, string[] files, string[] names)
    {
        string root = RepositoryRoot();
        string guide = File.ReadAllText(Path.Combine(root, "docs", guideFile)).Replace("\r\n", "\n", StringComparison.Ordinal);
        Dictionary<string, string> snippets = Snippets(root, files);

        snippets.Keys.Should().BeEquivalentTo(names);
        foreach ((string name, string code) in snippets)
        {
            guide.Should().Contain("```csharp\n" + code + "\n```", $"the guide shows snippet '{name}' as compiled");
        }
    }

    [Theory]
    [MemberData(nameof(Guides))]
    public void The_guide_has_no_code_block_that_is_not_compiled(string guideFile, string[] files, string[] names)
    {
        string root = RepositoryRoot();
        string guide = File.ReadAllText(Path.Combine(root, "docs", guideFile)).Replace("\r\n", "\n", StringComparison.Ordinal);
        HashSet<string> compiled = [.. Snippets(root, files).Values];

        string[] blocks = [.. CSharpBlock().Matches(guide).Select(m => m.Groups[1].Value)];

        blocks.Should().HaveCount(names.Length).And.OnlyContain(b => compiled.Contains(b));
    }

    private static Dictionary<string, string> Snippets(string root, string[] files)
    {
        var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(Path.Combine(root, "tests", "FeatureContracts.Docs.Tests", file));
            for (int i = 0; i < lines.Length; i++)
            {
                Match begin = Begin().Match(lines[i]);
                if (!begin.Success)
                {
                    continue;
                }

                int indent = lines[i].Length - lines[i].TrimStart().Length;
                int end = Array.FindIndex(lines, i + 1, l => End().IsMatch(l));
                snippets.Add(begin.Groups[1].Value, string.Join("\n", lines[(i + 1)..end].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())));
                i = end;
            }
        }

        return snippets;
    }

    /// <summary>The repository root: the folder above the test binaries that holds FeatureContracts.sln.</summary>
    internal static string RepositoryRoot()
        => SourceTree.Root("FeatureContracts.sln");

    [GeneratedRegex(@"^\s*// begin-snippet: (\w+)\s*$")]
    private static partial Regex Begin();

    [GeneratedRegex(@"^\s*// end-snippet\s*$")]
    private static partial Regex End();

    [GeneratedRegex("```csharp\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
