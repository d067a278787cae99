using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DuckDB.NET.Data;

namespace FeatureContracts.Cli.Tests;

/// <summary>Reads exported rows back, each format by its own reader, into comparable text cells.</summary>
internal static class RowFiles
{
    public static readonly string[] Columns =
        ["order_id", "prediction_time", "distance_km", "hours_since_last_scan", "origin_backlog", "carrier", "expedited", "origin_backlog_missing", "label"];

    /// <summary>The CSV file's header and rows; numbers in round-trip form, missing values as empty cells.</summary>
    public static (string[] Header, List<string[]> Rows) ReadCsv(string path)
    {
        string text = File.ReadAllText(path);
        text.Should().EndWith("\r\n", "every CSV record ends with CRLF");
        string[] lines = text[..^2].Split("\r\n");
        string[] header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(line => line.Split(',').Select(Canonical).ToArray()).ToList();
        rows.Should().AllSatisfy(r => r.Should().HaveCount(header.Length));
        return (header, rows);
    }

    /// <summary>The JSON Lines file's rows, in <see cref="Columns"/> order, as the same text cells as <see cref="ReadCsv"/>.</summary>
    public static List<string[]> ReadJsonLines(string path)
    {
        var rows = new List<string[]>();
        foreach (string line in File.ReadLines(path))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement row = document.RootElement;
            row.EnumerateObject().Select(p => p.Name).Should().Equal(Columns);
            rows.Add([.. Columns.Select(c => Cell(row.GetProperty(c)))]);
        }

        return rows;
    }

    /// <summary>The order ids of a Parquet file, in file order, read by DuckDB.</summary>
    public static List<string> ReadParquetOrderIds(string path)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT order_id FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}')";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The number of rows of a Parquet file, counted by DuckDB.</summary>
    public static long CountParquetRows(string path)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}')";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => string.Empty,
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.String => value.GetString()!,
        _ => throw new InvalidDataException($"unexpected JSON value {value}"),
    };

    private static string Canonical(string cell)
        => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : cell;
}
