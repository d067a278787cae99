using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.TestDomains.Toy;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using NodaTime;

namespace FeatureContracts.Parquet.Tests;

/// <summary>
/// Training files read back into checked records: the sink's files exactly, files rewritten by DuckDB, and the
/// refusal of files and rows that do not follow the layout, naming the column.
/// </summary>
public sealed class ParquetTrainingReaderTests : IDisposable
{
    private static readonly RowLayout Layout = RowLayout.For(ShipmentTransform.LateDeliveryV1);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fc-parquet-training-" + Guid.NewGuid().ToString("N"));

    public ParquetTrainingReaderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Save(byte[] bytes, string name = "rows.parquet")
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The sink's file of the fixture rows, rewritten by DuckDB through <paramref name="select"/> (over <c>rows</c>).</summary>
    private string Rewrite(string select, string name = "rewritten.parquet")
    {
        string source = Save(ParquetFixtures.Write(ParquetFixtures.Rows()), "source.parquet");
        string path = Path.Combine(_folder, name);
        EventLogFiles.Query($"COPY ({select.Replace("rows", $"read_parquet('{source}')", StringComparison.Ordinal)}) TO '{path}' (FORMAT parquet)");
        return path;
    }

    private static void ShouldBeTheRows(IReadOnlyList<TrainingRecord> records, IReadOnlyList<(FeatureRow Row, bool Label)> rows)
    {
        records.Should().HaveCount(rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            (FeatureRow row, bool label) = rows[i];
            (records[i].EntityId, records[i].PredictionTime, records[i].Label).Should().Be((row.EntityId, row.PredictionInstant, label));
            records[i].Values.Should().Equal(row.Cells.Select(c => c.Value));
            records[i].Values.Select(v => v.Number is { } x ? BitConverter.DoubleToInt64Bits(x) : 0)
                .Should().Equal(row.Cells.Select(c => c.Value.Number is { } x ? BitConverter.DoubleToInt64Bits(x) : 0));
        }
    }

    private InvalidDataException Refusal(string path)
        => FluentActions.Invoking(() => ParquetTrainingReader.Read(path, Layout).ToList()).Should().Throw<InvalidDataException>().Which;

    // ---- reading back -------------------------------------------------------------------------------------------

    [Fact]
    public void The_sinks_file_reads_back_to_the_rows_it_was_written_from()
    {
        var rows = ParquetFixtures.Rows();
        string path = Save(ParquetFixtures.Write(rows));

        List<TrainingRecord> records = [.. ParquetTrainingReader.Read(path, Layout)];

        ShouldBeTheRows(records, rows);
        records[1].Values[2].IsMissing.Should().BeTrue("O-300 has no backlog measurement");
        records[2].PredictionTime.Should().Be(ParquetFixtures.At("2026-05-03T09:00:00.5Z"));
    }

    [Fact]
    public async Task Reading_asynchronously_gives_the_same_records()
    {
        var rows = ParquetFixtures.Rows();
        string path = Save(ParquetFixtures.Write(rows));

        var records = new List<TrainingRecord>();
        await foreach (TrainingRecord record in ParquetTrainingReader.ReadAsync(path, Layout))
        {
            records.Add(record);
        }

        ShouldBeTheRows(records, rows);
    }

    [Fact]
    public void Every_row_group_is_read_in_file_order()
    {
        var rows = Enumerable.Range(0, 10).Select(i => (ParquetFixtures.Build(
            $"O-{i:D3}", "2026-05-01T09:00:00Z", new OrderPlaced($"O-{i:D3}", ParquetFixtures.At("2026-05-01T08:00:00Z"), "northline", 100 + i, i % 2 == 0, "WH-HAM", new LocalDate(2026, 5, 5), ParquetFixtures.Berlin)), i % 3 == 0)).ToList();
        string path = Save(ParquetFixtures.Write(rows, rowGroupSize: 4));

        ShouldBeTheRows([.. ParquetTrainingReader.Read(path, Layout)], rows);
    }

    [Fact]
    public void A_file_without_rows_reads_as_no_records()
        => ParquetTrainingReader.Read(Save(ParquetFixtures.Write([])), Layout).Should().BeEmpty();

    [Fact]
    public void A_file_rewritten_by_DuckDB_with_its_columns_in_another_order_and_BIGINT_bits_reads_back_the_same()
    {
        string path = Rewrite(
            "SELECT label::BIGINT AS label, carrier, expedited, origin_backlog_missing::BIGINT AS origin_backlog_missing, prediction_time, origin_backlog, hours_since_last_scan, distance_km, order_id FROM rows");

        ShouldBeTheRows([.. ParquetTrainingReader.Read(path, Layout)], ParquetFixtures.Rows());
    }

    [Fact]
    public void The_prediction_time_may_be_an_ISO_8601_string()
    {
        string path = Rewrite("SELECT * REPLACE (strftime(prediction_time AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS prediction_time) FROM rows");

        ShouldBeTheRows([.. ParquetTrainingReader.Read(path, Layout)], ParquetFixtures.Rows());
    }

    // ---- files that are not rows of the layout ------------------------------------------------------------------

    [Theory]
    [InlineData("distance_km", "distance_km::VARCHAR", "has the type BYTE_ARRAY UTF8, which cannot hold a number (DOUBLE, FLOAT, an integer or a DECIMAL)")]
    [InlineData("carrier", "length(carrier)", "has the type INT64 INT_64, which cannot hold a category (a UTF-8 string)")]
    [InlineData("expedited", "expedited::INTEGER", "has the type INT32 INT_32, which cannot hold a BOOLEAN")]
    [InlineData("label", "label::DOUBLE", "has the type DOUBLE, which cannot hold 0 or 1 (an integer)")]
    [InlineData("order_id", "length(order_id)", "has the type INT64 INT_64, which cannot hold an entity id (a UTF-8 string)")]
    [InlineData("prediction_time", "prediction_time::TIMESTAMP", "is a TIMESTAMP with isAdjustedToUTC=false, a local date-time without offset, which names no instant")]
    public void A_column_of_a_type_that_cannot_hold_its_values_is_refused_naming_it(string column, string expression, string problem)
    {
        string path = Rewrite($"SELECT * REPLACE ({expression} AS {column}) FROM rows", "mistyped.parquet");

        Refusal(path).Message.Should().StartWith($"The Parquet training file mistyped.parquet cannot be read: column \"{column}\" {problem}");
    }

    [Theory]
    [InlineData("carrier")]
    [InlineData("origin_backlog_missing")]
    [InlineData("label")]
    public void A_file_without_a_column_of_the_layout_is_refused_naming_it(string column)
    {
        string path = Rewrite($"SELECT * EXCLUDE ({column}) FROM rows", "missing.parquet");

        Refusal(path).Message.Should().Be(
            $"The Parquet training file missing.parquet cannot be read: column \"{column}\" is absent; a training file of contract late_delivery v1 has the columns "
            + "order_id, prediction_time, distance_km, hours_since_last_scan, origin_backlog, carrier, expedited, origin_backlog_missing, label.");
    }

    [Fact]
    public void A_column_the_layout_does_not_have_is_refused_naming_it()
    {
        string path = Rewrite("SELECT *, 1.5 AS eta_hours FROM rows", "extra.parquet");

        Refusal(path).Message.Should().StartWith("The Parquet training file extra.parquet cannot be read: column \"eta_hours\" is not a column of contract late_delivery v1; its columns are order_id, prediction_time,");
    }

    [Fact]
    public void A_file_written_for_another_contract_is_refused_naming_both()
    {
        string path = Save(ParquetFixtures.Write(ParquetFixtures.Rows()), "late.parquet");
        RowLayout other = RowLayout.For(CardDomain.Transform);

        FluentActions.Invoking(() => ParquetTrainingReader.Read(path, other).ToList()).Should().Throw<InvalidDataException>().WithMessage(
            $"The Parquet training file late.parquet cannot be read as rows of contract toy_fraud v1 ({CardDomain.Contract.Fingerprint}): it was written for contract late_delivery v1 ({LateDeliveryContract.V1.Fingerprint}).");
    }

    [Fact]
    public void A_file_that_is_not_Parquet_is_refused()
    {
        string path = Save("order_id,prediction_time\n"u8.ToArray(), "rows.csv");

        Refusal(path).Message.Should().Be("The training file rows.csv is not a Parquet file: it does not start and end with the magic bytes PAR1.");
    }

    // ---- rows that do not follow the contract -------------------------------------------------------------------

    [Theory]
    [InlineData("label", "CASE WHEN order_id = 'O-300' THEN 2 ELSE label END", "'2' is not 0 or 1")]
    [InlineData("distance_km", "CASE WHEN order_id = 'O-300' THEN 20000.5 ELSE distance_km END", "20000.5 is outside the contract's range [0.1, 20000] Reject")]
    [InlineData("distance_km", "CASE WHEN order_id = 'O-300' THEN 'NaN'::DOUBLE ELSE distance_km END", "'NaN' is not a finite number")]
    [InlineData("carrier", "CASE WHEN order_id = 'O-300' THEN 'acmecargo' ELSE carrier END", "unknown category 'acmecargo': not in the contract's vocabulary")]
    [InlineData("origin_backlog_missing", "CASE WHEN order_id = 'O-300' THEN 0 ELSE origin_backlog_missing END", "is 0 but feature 'origin_backlog' is missing")]
    [InlineData("order_id", "CASE WHEN order_id = 'O-300' THEN NULL ELSE order_id END", "is missing")]
    [InlineData("distance_km", "CASE WHEN order_id = 'O-300' THEN NULL ELSE distance_km END", "is missing, but the contract never leaves 'distance_km' missing")]
    public void A_row_that_does_not_follow_the_contract_is_refused_naming_the_row_and_column(string column, string expression, string reason)
    {
        string path = Rewrite($"SELECT * REPLACE ({expression} AS {column}) FROM rows", "bad.parquet");

        InvalidDataException refused = Refusal(path);

        refused.Message.Should().StartWith($"bad.parquet, row 2, column '{column}': {reason}");
        refused.InnerException.Should().BeOfType<RowFormatException>().Which.Column.Should().Be(column);
    }

    [Fact]
    public void The_rows_before_a_bad_row_are_read_and_nothing_after_it()
    {
        string path = Rewrite("SELECT * REPLACE (CASE WHEN order_id = 'O-301' THEN 7 ELSE label END AS label) FROM rows", "bad.parquet");
        var read = new List<string>();

        FluentActions.Invoking(() =>
        {
            foreach (TrainingRecord record in ParquetTrainingReader.Read(path, Layout))
            {
                read.Add(record.EntityId);
            }
        }).Should().Throw<InvalidDataException>().WithMessage("bad.parquet, row 3, column 'label': '7' is not 0 or 1.");
        read.Should().Equal("O-204", "O-300");
    }
}
