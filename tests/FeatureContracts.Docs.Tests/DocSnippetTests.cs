using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using FeatureContracts.Testing;

namespace FeatureContracts.Docs.Tests;

/// <summary>Every code block of docs/your-own-domain.md is compiled code of this project, verbatim.</summary>
public sealed partial class DocSnippetTests
{
    [Fact]
    public void Every_snippet_of_the_guide_appears_in_it_verbatim()
    {
        string root = RepositoryRoot();
        string guide = File.ReadAllText(Path.Combine(root, "docs", "your-own-domain.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        Dictionary<string, string> snippets = Snippets(root);

        snippets.Keys.Should().BeEquivalentTo(["events", "schema", "view", "domain", "sources", "contract", "run"]);
        foreach ((string name, string code) in snippets)
        {
            guide.Should().Contain("```csharp\n" + code + "\n```", $"the guide shows snippet '{name}' as compiled");
        }
    }

    [Fact]
    public void The_guide_has_no_code_block_that_is_not_compiled()
    {
        string root = RepositoryRoot();
        string guide = File.ReadAllText(Path.Combine(root, "docs", "your-own-domain.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        HashSet<string> compiled = [.. Snippets(root).Values];

        string[] blocks = [.. CSharpBlock().Matches(guide).Select(m => m.Groups[1].Value)];

        blocks.Should().NotBeEmpty().And.OnlyContain(b => compiled.Contains(b));
    }

    private static Dictionary<string, string> Snippets(string root)
    {
        var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in new[] { "TicketDomain.cs", "GuideTests.cs" })
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
