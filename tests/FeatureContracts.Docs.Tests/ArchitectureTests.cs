using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace FeatureContracts.Docs.Tests;

/// <summary>The dependency table of docs/architecture.md is the project files' own: the layers point one way.</summary>
public sealed class ArchitectureTests
{
    /// <summary>Every src project and the projects it references, from the project files.</summary>
    private static SortedDictionary<string, string> Referenced(string root)
    {
        var projects = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            IEnumerable<string> references = XDocument.Load(file).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal);
            projects[Path.GetFileNameWithoutExtension(file)] = string.Join(", ", references);
        }

        return projects;
    }

    /// <summary>The table's rows: project and its references, as the document writes them.</summary>
    private static SortedDictionary<string, string> Documented(string root)
    {
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in Regex.Matches(File.ReadAllText(Path.Combine(root, "docs", "architecture.md")), @"^\| `(?<project>[A-Za-z.]+)` \| (?<references>[^|]*) \|$", RegexOptions.Multiline))
        {
            string[] references = [.. Regex.Matches(row.Groups["references"].Value, "`([A-Za-z.]+)`").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];
            rows[row.Groups["project"].Value] = string.Join(", ", references);
        }

        return rows;
    }

    [Fact]
    public void The_documented_dependencies_are_the_project_references()
    {
        string root = DocSnippetTests.RepositoryRoot();

        Documented(root).Should().Equal(Referenced(root));
    }

    [Fact]
    public void Dependencies_point_one_way_and_no_edge_references_a_domain()
    {
        SortedDictionary<string, string> projects = Referenced(DocSnippetTests.RepositoryRoot());
        string[] domains = ["FeatureContracts.Shipments", "FeatureContracts.CardFraud"];

        projects["FeatureContracts"].Should().BeEmpty("the core depends on NodaTime and the BCL only");
        foreach (string domain in domains)
        {
            projects[domain].Should().Be("FeatureContracts", $"{domain} depends on the core only");
        }

        foreach (var (project, references) in projects.Where(p => p.Key != "FeatureContracts.Cli"))
        {
            references.Split(", ", StringSplitOptions.RemoveEmptyEntries).Should().NotIntersectWith(domains, $"{project} is generic over domains");
        }
    }
}
