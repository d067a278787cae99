using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using DuckDB.NET.Data;
using FeatureContracts.Export;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Parquet.Tests;

/// <summary>Event logs for the Parquet event tests: literal events, files in a temporary folder, DuckDB as an independent writer and reader.</summary>
internal static class EventLogFiles
{
    /// <summary>The shipment log's schema, the domain these tests read and write.</summary>
    public static readonly EventSchema Schema = ShipmentDomain.Instance.Schema;

    public static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <summary>The columns of the log, in the order DuckDB-written test files list them.</summary>
    public const string Columns = "type, event_id, order_id, occurred_at, recorded_at, carrier, distance_km, expedited, origin, promised_date, destination_zone, location, warehouse, queue_length";

    public static Instant At(string iso) => InstantPattern.ExtendedIso.Parse(iso).GetValueOrThrow();

    /// <summary>Every event type, every field given and every optional field left out, as literals (a new list each call).</summary>
    public static List<ShipmentEvent> EveryKind() =>
    [
        new OrderPlaced("O-204", At("2026-04-30T16:00:00Z"), "northline", 620, false, "WH-HAM", new LocalDate(2026, 5, 3), Berlin, At("2026-04-30T16:00:30Z"), "e-1"),
        new OrderPlaced("O-300", At("2026-05-02T08:00:00.123456Z"), null, null, null, "WH-MUC", new LocalDate(2026, 5, 5), NewYork),
        new OrderPlaced("O-301", At("2026-05-02T10:00:00Z"), "swiftpost", 12.25, true, "WH-LYS", new LocalDate(2026, 5, 4), Berlin, null, "e-3"),
        new Scan("O-204", At("2026-05-01T01:00:00Z"), "K\u00f6ln \ud83d\udce6", At("2026-05-01T01:05:00.5Z"), "e-4"),
        new Scan("O-300", At("2026-05-02T09:00:00Z")),
        new BacklogMeasured("WH-HAM", 18, At("2026-05-01T07:30:00Z"), At("2026-05-01T07:31:00Z"), "e-6"),
        new BacklogMeasured("WH-LYS", 42.5, At("2026-05-03T05:00:00Z")),
        new Delivered("O-204", At("2026-05-03T14:00:00Z"), At("2026-05-03T14:10:00Z"), "e-8"),
        new Complaint("O-204", At("2026-05-04T10:00:00Z"), null, "e-9"),
    ];

    public static async Task<List<EventLine>> ReadAllAsync(EventSource source)
    {
        var lines = new List<EventLine>();
        await foreach (EventLine line in source.ReadAsync(Schema))
        {
            lines.Add(line);
        }

        return lines;
    }

    public static void WriteParquet(string path, IEnumerable<ShipmentEvent> events, int rowGroupSize = ParquetEventWriter.DefaultRowGroupSize)
        => ParquetEventWriter.WriteFile(path, Schema, events, rowGroupSize);

    public static void WriteJsonLines(string path, IEnumerable<ShipmentEvent> events)
    {
        using FileStream file = File.Create(path);
        using var writer = new EventLogWriter(Schema, file, leaveOpen: true);
        foreach (ShipmentEvent e in events)
        {
            writer.Write(e);
        }

        writer.Flush();
    }

    /// <summary>Runs DuckDB statements (UTC session time zone).</summary>
    public static void DuckDb(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Writes the result of a DuckDB query to a Parquet file.</summary>
    public static void DuckDbCopy(string path, string select, string options = "")
        => DuckDb($"COPY ({select}) TO '{path}' (FORMAT PARQUET{options})");

    public static List<object?[]> Query(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SET TimeZone = 'UTC'";
        command.ExecuteNonQuery();
        return connection;
    }
}

/// <summary>A temporary folder, deleted on dispose.</summary>
public abstract class TempFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fc-parquet-events-").FullName;

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected string PathOf(string name) => Path.Combine(_folder, name);
}
