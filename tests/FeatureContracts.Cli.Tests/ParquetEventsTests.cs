using System.IO;
using System.Linq;
using FeatureContracts.Export.Events;
using FeatureContracts.Parquet;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;

namespace FeatureContracts.Cli.Tests;

/// <summary><c>--events FILE.parquet</c> reads a Parquet event log.</summary>
public sealed class ParquetEventsTests : CliTestBase
{
    [Fact]
    public void Export_reads_a_parquet_log_and_gives_the_rows_it_gives_for_the_same_events_as_json_lines()
    {
        string jsonl = TestLogs.WriteO204Log(PathOf("events.jsonl"));
        ParquetEventWriter.WriteFile(PathOf("events.parquet"), ShipmentDomain.Instance.Schema, new EventLogReader(ShipmentDomain.Instance.Schema).ReadFile(jsonl).Select(l => l.Event!));
        string points = TestLogs.WritePointsCsv(PathOf("points.csv"), [("O-204", "2026-05-01T09:00:00Z"), ("O-204", "2026-05-01T12:00:00Z")]);

        foreach (string source in (string[])["events.jsonl", "events.parquet"])
        {
            CliRun run = Run("export", "--events", PathOf(source), "--points", points, "--out", PathOf(source + ".rows.csv"), "--snapshot", "2026-05-10T00:00:00Z");
            run.ExitCode.Should().Be(0, run.ToString());
        }

        string[] rows = File.ReadAllLines(PathOf("events.parquet.rows.csv"));
        rows.Should().HaveCount(3).And.Contain(l => l.StartsWith("O-204,2026-05-01T09:00:00Z,620,8,18,northline,false,0,", System.StringComparison.Ordinal));
        File.ReadAllBytes(PathOf("events.parquet.rows.csv")).Should().Equal(File.ReadAllBytes(PathOf("events.jsonl.rows.csv")));
    }

    [Fact]
    public void Row_reads_a_parquet_log()
    {
        string jsonl = TestLogs.WriteO204Log(PathOf("o204.jsonl"));
        ParquetEventWriter.WriteFile(PathOf("o204.parquet"), ShipmentDomain.Instance.Schema, new EventLogReader(ShipmentDomain.Instance.Schema).ReadFile(jsonl).Select(l => l.Event!));

        CliRun fromJson = Run("row", "--events", jsonl, "--order", "O-204", "--at", "2026-05-01T09:00:00Z");
        CliRun fromParquet = Run("row", "--events", PathOf("o204.parquet"), "--order", "O-204", "--at", "2026-05-01T09:00:00Z");

        fromParquet.ExitCode.Should().Be(0, fromParquet.ToString());
        fromParquet.Output.Should().Be(fromJson.Output).And.Contain("\"status\": \"accepted\"");
    }
}
