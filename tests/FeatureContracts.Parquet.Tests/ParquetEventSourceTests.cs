using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Export.Events;
using FeatureContracts.Shipments.Events;
using NodaTime;
using Parquet;
using Parquet.Schema;
using static FeatureContracts.Parquet.Tests.EventLogFiles;

namespace FeatureContracts.Parquet.Tests;

/// <summary>The Parquet event source over files from independent writers (DuckDB, Parquet.Net directly): values, rejections, refusals.</summary>
public sealed class ParquetEventSourceTests : TempFolderTests
{
    /// <summary>A typed row of the log for DuckDB; <c>NULL</c> where a field is absent.</summary>
    private static string Row(
        string type,
        string eventId = "NULL",
        string orderId = "NULL",
        string occurredAt = "NULL",
        string recordedAt = "NULL",
        string carrier = "NULL",
        string distanceKm = "NULL",
        string expedited = "NULL",
        string origin = "NULL",
        string promisedDate = "NULL",
        string zone = "NULL",
        string location = "NULL",
        string warehouse = "NULL",
        string queueLength = "NULL")
        => $"({type}, {eventId}, {orderId}, {occurredAt}, {recordedAt}, {carrier}, {distanceKm}, {expedited}, {origin}, {promisedDate}, {zone}, {location}, {warehouse}, {queueLength})";

    /// <summary>A DuckDB query over typed rows: TIMESTAMPTZ instants, a DATE, DOUBLE numbers, a BOOLEAN, VARCHAR text.</summary>
    private static string Typed(params string[] rows)
        => "SELECT type::VARCHAR AS type, event_id::VARCHAR AS event_id, order_id::VARCHAR AS order_id, occurred_at::TIMESTAMPTZ AS occurred_at, "
            + "recorded_at::TIMESTAMPTZ AS recorded_at, carrier::VARCHAR AS carrier, distance_km::DOUBLE AS distance_km, expedited::BOOLEAN AS expedited, "
            + "origin::VARCHAR AS origin, promised_date::DATE AS promised_date, destination_zone::VARCHAR AS destination_zone, location::VARCHAR AS location, "
            + "warehouse::VARCHAR AS warehouse, queue_length::DOUBLE AS queue_length "
            + $"FROM (VALUES {string.Join(", ", rows)}) t({Columns})";

    private static (long Line, string? Field, LineRejectionCode? Code) Outcome(EventLine line)
        => (line.LineNumber, line.Rejection?.Field, line.Rejection?.Code);

    private static (string? Field, LineRejectionCode? Code) Problem(EventLine line) => (line.Rejection?.Field, line.Rejection?.Code);

    private async Task<List<EventLine>> ReadDuckDb(string select, EventLogReaderOptions? options = null, string copyOptions = "")
    {
        string path = PathOf(Guid.NewGuid().ToString("N") + ".parquet");
        DuckDbCopy(path, select, copyOptions);
        return await ReadAllAsync(new ParquetEventSource(path, options));
    }

    [Fact]
    public async Task A_log_written_by_DuckDB_with_TIMESTAMPTZ_and_DATE_columns_is_read_exactly()
    {
        var lines = await ReadDuckDb(Typed(
            Row("'order_placed'", "'e-1'", "'O-204'", "TIMESTAMPTZ '2026-04-30 18:00:00+02'", "TIMESTAMPTZ '2026-04-30 16:00:30.25+00'", "'northline'", "620", "false", "'WH-HAM'", "DATE '2026-05-03'", "'Europe/Berlin'"),
            Row("'order_placed'", orderId: "'O-300'", occurredAt: "TIMESTAMPTZ '2026-05-02 08:00:00.123456+00'", origin: "'WH-MUC'", promisedDate: "DATE '2026-05-05'", zone: "'America/New_York'"),
            Row("'scan'", "'e-4'", "'O-204'", "TIMESTAMPTZ '2026-05-01 01:00:00+00'", location: "'hub'"),
            Row("'backlog_measured'", occurredAt: "TIMESTAMPTZ '2026-05-01 07:30:00+00'", warehouse: "'WH-HAM'", queueLength: "18"),
            Row("'delivered'", orderId: "'O-204'", occurredAt: "TIMESTAMPTZ '2026-05-03 14:00:00+00'", recordedAt: "TIMESTAMPTZ '2026-05-03 16:10:00+02'"),
            Row("'complaint'", "'e-9'", "'O-204'", "TIMESTAMPTZ '2026-05-04 10:00:00+00'")));

        lines.Select(l => l.LineNumber).Should().Equal(1, 2, 3, 4, 5, 6);
        lines.Should().OnlyContain(l => l.Rejection == null);
        lines.Select(l => l.Event).Should().Equal(
            new OrderPlaced("O-204", At("2026-04-30T16:00:00Z"), "northline", 620, false, "WH-HAM", new LocalDate(2026, 5, 3), Berlin, At("2026-04-30T16:00:30.25Z"), "e-1"),
            new OrderPlaced("O-300", At("2026-05-02T08:00:00.123456Z"), null, null, null, "WH-MUC", new LocalDate(2026, 5, 5), NewYork),
            new Scan("O-204", At("2026-05-01T01:00:00Z"), "hub", null, "e-4"),
            new BacklogMeasured("WH-HAM", 18, At("2026-05-01T07:30:00Z")),
            new Delivered("O-204", At("2026-05-03T14:00:00Z"), At("2026-05-03T14:10:00Z")),
            new Complaint("O-204", At("2026-05-04T10:00:00Z"), null, "e-9"));
    }

    [Fact]
    public async Task String_timestamps_and_dates_integers_and_decimals_are_accepted_in_any_column_order()
    {
        var lines = await ReadDuckDb(
            "SELECT * FROM (VALUES "
            + "(620, '2026-05-03', 'O-204', '2026-04-30T18:00:00+02:00', 'order_placed', 'Europe/Berlin', 'WH-HAM', 'northline', 2.5::DECIMAL(4,1), NULL), "
            + "(NULL, NULL, NULL, '2026-05-01T07:30:00.000000001Z', 'backlog_measured', NULL, NULL, NULL, 18.1::DECIMAL(4,1), 'WH-LYS')"
            + ") t(distance_km, promised_date, order_id, occurred_at, type, destination_zone, origin, carrier, queue_length, warehouse)");

        lines.Select(l => l.Rejection).Should().AllBeEquivalentTo((LineRejection?)null);
        lines.Select(l => l.Event).Should().Equal(
            new OrderPlaced("O-204", At("2026-04-30T16:00:00Z"), "northline", 620, null, "WH-HAM", new LocalDate(2026, 5, 3), Berlin),
            new BacklogMeasured("WH-LYS", 18.1, At("2026-05-01T07:30:00Z").PlusNanoseconds(1)));
    }

    [Fact]
    public async Task Many_rows_in_several_dictionary_encoded_row_groups_are_numbered_across_the_file()
    {
        string path = PathOf("many.parquet");
        DuckDbCopy(
            path,
            "SELECT CASE WHEN i % 3 = 0 THEN 'delivered' ELSE 'scan' END AS type, 'O-' || (i % 10) AS order_id, "
            + "TIMESTAMPTZ '2026-05-01 00:00:00+00' + to_seconds(i) AS occurred_at, CASE WHEN i % 2 = 0 THEN 'hub' END AS location FROM range(10000) r(i)",
            ", ROW_GROUP_SIZE 2048");
        Query($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{path}')")[0][0].Should().BeOfType<long>().Which.Should().BeGreaterThan(1);

        var lines = await ReadAllAsync(new ParquetEventSource(path));

        lines.Should().HaveCount(10_000);
        lines.Select(l => l.LineNumber).Should().Equal(Enumerable.Range(1, 10_000).Select(n => (long)n));
        lines.Should().OnlyContain(l => l.Rejection == null);
        lines[4999].Event.Should().Be(new Scan("O-9", Instant.FromUtc(2026, 5, 1, 0, 0) + Duration.FromSeconds(4999), null));
        lines[9998].Event.Should().Be(new Scan("O-8", Instant.FromUtc(2026, 5, 1, 0, 0) + Duration.FromSeconds(9998), "hub"));
        lines[9999].Event.Should().Be(new Delivered("O-9", Instant.FromUtc(2026, 5, 1, 0, 0) + Duration.FromSeconds(9999)));
    }

    [Fact]
    public async Task Each_unusable_row_is_rejected_with_its_row_number_field_and_code()
    {
        const string T = "TIMESTAMPTZ '2026-05-01 09:00:00+00'";
        var lines = await ReadDuckDb(Typed(
            Row("'delivered'", orderId: "'O-1'", occurredAt: T),
            Row("'shipped'", orderId: "'O-1'", occurredAt: T),
            Row("NULL", orderId: "'O-1'", occurredAt: T),
            Row("''", orderId: "'O-1'", occurredAt: T),
            Row("'delivered'", orderId: "'O-1'"),
            Row("'delivered'", orderId: "'O-1'", occurredAt: T, recordedAt: "TIMESTAMPTZ '2026-05-01 08:59:59.999999+00'"),
            Row("'delivered'", eventId: "' '", orderId: "'O-1'", occurredAt: T),
            Row("'delivered'", occurredAt: T),
            Row("'complaint'", orderId: "'   '", occurredAt: T),
            Row("'order_placed'", orderId: "'O-2'", occurredAt: T, carrier: "''", distanceKm: "'1'", origin: "'WH'", promisedDate: "DATE '2026-05-03'", zone: "'Europe/Berlin'"),
            Row("'order_placed'", orderId: "'O-2'", occurredAt: T, carrier: "'x'", distanceKm: "'NaN'", origin: "'WH'", promisedDate: "DATE '2026-05-03'", zone: "'Europe/Berlin'"),
            Row("'order_placed'", orderId: "'O-2'", occurredAt: T, carrier: "'x'", distanceKm: "'-Infinity'", origin: "'WH'", promisedDate: "DATE '2026-05-03'", zone: "'Europe/Berlin'"),
            Row("'order_placed'", orderId: "'O-2'", occurredAt: T, carrier: "'x'", distanceKm: "'1'", promisedDate: "DATE '2026-05-03'", zone: "'Europe/Berlin'"),
            Row("'order_placed'", orderId: "'O-2'", occurredAt: T, carrier: "'x'", distanceKm: "'1'", origin: "'WH'", zone: "'Europe/Berlin'"),
            Row("'order_placed'", orderId: "'O-2'", occurredAt: T, carrier: "'x'", distanceKm: "'1'", origin: "'WH'", promisedDate: "DATE '2026-05-03'"),
            Row("'order_placed'", orderId: "'O-2'", occurredAt: T, carrier: "'x'", distanceKm: "'1'", origin: "'WH'", promisedDate: "DATE '2026-05-03'", zone: "'Mars/Olympus_Mons'"),
            Row("'order_placed'", orderId: "'O-2'", occurredAt: T, carrier: "'x'", distanceKm: "'1'", origin: "'WH'", promisedDate: "DATE '20000-01-01'", zone: "'Europe/Berlin'"),
            Row("'scan'", orderId: "'O-3'", occurredAt: T, location: "''"),
            Row("'backlog_measured'", occurredAt: T, warehouse: "'WH'"),
            Row("'backlog_measured'", occurredAt: T, warehouse: "'WH'", queueLength: "'Infinity'"),
            Row("'backlog_measured'", occurredAt: T, queueLength: "'3'"),
            Row("'scan'", orderId: "'O-3'", occurredAt: "TIMESTAMPTZ '20000-01-01 00:00:00+00'"),
            Row("'scan'", orderId: "'O-3'", occurredAt: T, recordedAt: "TIMESTAMPTZ '20000-01-01 00:00:00+00'"),
            Row("'order_placed'", orderId: "'O-2'", occurredAt: T, origin: "'WH'", promisedDate: "DATE '2026-05-03'", zone: "'Europe/Berlin'")));

        lines.Select(l => l.LineNumber).Should().Equal(Enumerable.Range(1, 24).Select(n => (long)n));
        lines.Select(Outcome)
            .Should().Equal(
                (1, null, null),
                (2, "type", LineRejectionCode.UnknownType),
                (3, "type", LineRejectionCode.MissingField),
                (4, "type", LineRejectionCode.UnknownType),
                (5, "occurred_at", LineRejectionCode.MissingField),
                (6, "recorded_at", LineRejectionCode.RecordedBeforeOccurred),
                (7, "event_id", LineRejectionCode.InvalidValue),
                (8, "order_id", LineRejectionCode.MissingField),
                (9, "order_id", LineRejectionCode.InvalidValue),
                (10, "carrier", LineRejectionCode.InvalidValue),
                (11, "distance_km", LineRejectionCode.NotFinite),
                (12, "distance_km", LineRejectionCode.NotFinite),
                (13, "origin", LineRejectionCode.MissingField),
                (14, "promised_date", LineRejectionCode.MissingField),
                (15, "destination_zone", LineRejectionCode.MissingField),
                (16, "destination_zone", LineRejectionCode.UnknownTimeZone),
                (17, "promised_date", LineRejectionCode.InvalidDate),
                (18, "location", LineRejectionCode.InvalidValue),
                (19, "queue_length", LineRejectionCode.MissingField),
                (20, "queue_length", LineRejectionCode.NotFinite),
                (21, "warehouse", LineRejectionCode.MissingField),
                (22, "occurred_at", LineRejectionCode.InvalidTimestamp),
                (23, "recorded_at", LineRejectionCode.InvalidTimestamp),
                (24, null, null));

        lines[23].Event.Should().Be(new OrderPlaced("O-2", At("2026-05-01T09:00:00Z"), null, null, null, "WH", new LocalDate(2026, 5, 3), Berlin));
        lines[1].Rejection!.Reason.Should().Be("type \"shipped\" is not an event type; expected order_placed, scan, backlog_measured, delivered or complaint.");
        lines[4].Rejection!.Reason.Should().Be("The required field \"occurred_at\" is null; in a Parquet log a null is an absent field.");
        lines[5].Rejection!.Reason.Should().Be(
            "recorded_at 2026-05-01T08:59:59.999999Z is earlier than occurred_at 2026-05-01T09:00:00Z; a fact cannot be known before it happens.");
        lines[10].Rejection!.Reason.Should().Be("distance_km is NaN, which is not a finite number.");
        lines[15].Rejection!.Reason.Should().Be("destination_zone \"Mars/Olympus_Mons\" is not a known IANA time zone id (such as \"Europe/Berlin\").");
        lines[21].Rejection!.Reason.Should().Contain("outside the range of instants");
        lines[16].Rejection!.Reason.Should().Contain("outside the range of dates");
    }

    [Fact]
    public async Task String_timestamp_and_date_columns_follow_the_JSON_log_rules()
    {
        var lines = await ReadDuckDb(
            "SELECT * FROM (VALUES "
            + "('scan', 'O-1', '2026-05-01T09:00:00+02:00', '2026-05-01T09:00:00.5+02:00', NULL, NULL), "
            + "('scan', 'O-1', '2026-05-01T09:00:00', NULL, NULL, NULL), "
            + "('scan', 'O-1', '2026-05-01 09:00', NULL, NULL, NULL), "
            + "('scan', 'O-1', '2026-05-01T09:00:00Z', '2026-05-01T09:00:00', NULL, NULL), "
            + "('scan', 'O-1', '', NULL, NULL, NULL), "
            + "('order_placed', 'O-1', '2026-05-01T09:00:00Z', NULL, '2026-02-30', 'Europe/Berlin'), "
            + "('order_placed', 'O-1', '2026-05-01T09:00:00Z', NULL, '2026-05-03', 'Europe/Berlin')"
            + ") t(type, order_id, occurred_at, recorded_at, promised_date, destination_zone)");

        lines.Select(Problem).Should().Equal(
            (null, null),
            ("occurred_at", LineRejectionCode.TimestampWithoutOffset),
            ("occurred_at", LineRejectionCode.InvalidTimestamp),
            ("recorded_at", LineRejectionCode.TimestampWithoutOffset),
            ("occurred_at", LineRejectionCode.InvalidTimestamp),
            ("carrier", LineRejectionCode.MissingField),
            ("carrier", LineRejectionCode.MissingField));
        lines[0].Event.Should().Be(new Scan("O-1", At("2026-05-01T07:00:00Z"), null, At("2026-05-01T07:00:00.5Z")));
        lines[1].Rejection!.Reason.Should().Contain("\"2026-05-01T09:00:00\" has no Z or explicit offset");
        lines[5].Rejection!.Reason.Should().Be("The required field \"carrier\" is absent: the file has no column \"carrier\".");
    }

    [Fact]
    public async Task A_bad_string_date_is_an_invalid_date()
    {
        var lines = await ReadDuckDb(
            "SELECT 'order_placed' AS type, 'O-1' AS order_id, TIMESTAMPTZ '2026-05-01 09:00:00+00' AS occurred_at, 'x' AS carrier, 1.0::DOUBLE AS distance_km, "
            + "'WH' AS origin, d AS promised_date, 'Europe/Berlin' AS destination_zone FROM (VALUES ('2026-02-30'), ('03.05.2026'), ('2026-05-03')) t(d)");

        lines.Select(l => l.Rejection?.Code).Should().Equal(LineRejectionCode.InvalidDate, LineRejectionCode.InvalidDate, null);
        lines[0].Rejection!.Reason.Should().Be("promised_date \"2026-02-30\" is not an ISO-8601 calendar date (yyyy-MM-dd).");
        ((OrderPlaced)lines[2].Event!).PromisedDate.Should().Be(new LocalDate(2026, 5, 3));
    }

    [Fact]
    public async Task A_file_missing_a_column_rejects_only_the_rows_that_need_it()
    {
        var lines = await ReadDuckDb(
            "SELECT * FROM (VALUES "
            + "('delivered', 'O-1', TIMESTAMPTZ '2026-05-03 14:00:00+00'), "
            + "('order_placed', 'O-1', TIMESTAMPTZ '2026-05-01 09:00:00+00'), "
            + "('backlog_measured', NULL, TIMESTAMPTZ '2026-05-01 09:00:00+00'), "
            + "('scan', 'O-1', TIMESTAMPTZ '2026-05-02 09:00:00+00')"
            + ") t(type, order_id, occurred_at)");

        lines.Select(Problem).Should().Equal(
            (null, null),
            ("carrier", LineRejectionCode.MissingField),
            ("warehouse", LineRejectionCode.MissingField),
            (null, null));
        lines[3].Event.Should().Be(new Scan("O-1", At("2026-05-02T09:00:00Z")));
    }

    [Fact]
    public async Task With_RejectUnknownFields_a_value_in_a_column_the_type_lacks_rejects_the_row()
    {
        const string Select = "SELECT * FROM (VALUES "
            + "('scan', 'O-1', TIMESTAMPTZ '2026-05-01 09:00:00+00', NULL, NULL), "
            + "('scan', 'O-1', TIMESTAMPTZ '2026-05-01 09:00:00+00', 'northline', NULL), "
            + "('scan', 'O-1', TIMESTAMPTZ '2026-05-01 09:00:00+00', NULL, 'fragile'), "
            + "('delivered', 'O-1', TIMESTAMPTZ '2026-05-01 09:00:00+00', 'northline', 'fragile')"
            + ") t(type, order_id, occurred_at, carrier, note)";

        var strict = await ReadDuckDb(Select, new EventLogReaderOptions { RejectUnknownFields = true });
        var lenient = await ReadDuckDb(Select);

        strict.Select(Problem).Should().Equal(
            (null, null),
            ("carrier", LineRejectionCode.UnknownField),
            ("note", LineRejectionCode.UnknownField),
            ("carrier", LineRejectionCode.UnknownField));
        strict[2].Rejection!.Reason.Should().Be("\"note\" is not a field of a scan event, but this row has a value in it, and this reader rejects unknown fields.");
        lenient.Should().OnlyContain(l => l.Rejection == null);
    }

    [Theory]
    [InlineData("SELECT 'O-1' AS order_id, TIMESTAMPTZ '2026-05-01 09:00:00+00' AS occurred_at", "type", "is absent")]
    [InlineData("SELECT 'delivered' AS type, 'O-1' AS order_id", "occurred_at", "is absent")]
    [InlineData("SELECT 1 AS type, TIMESTAMPTZ '2026-05-01 09:00:00+00' AS occurred_at", "type", "INT32")]
    [InlineData("SELECT 'scan' AS type, TIMESTAMP '2026-05-01 09:00:00' AS occurred_at", "occurred_at", "isAdjustedToUTC=false")]
    [InlineData("SELECT 'scan' AS type, TIMESTAMP_NS '2026-05-01 09:00:00' AS occurred_at", "occurred_at", "isAdjustedToUTC=false")]
    [InlineData("SELECT 'scan' AS type, DATE '2026-05-01' AS occurred_at", "occurred_at", "DATE")]
    [InlineData("SELECT 'scan' AS type, TIMESTAMPTZ '2026-05-01 09:00:00+00' AS occurred_at, 1 AS order_id", "order_id", "INT32")]
    [InlineData("SELECT 'scan' AS type, TIMESTAMPTZ '2026-05-01 09:00:00+00' AS occurred_at, 'yes' AS expedited", "expedited", "BYTE_ARRAY")]
    [InlineData("SELECT 'scan' AS type, TIMESTAMPTZ '2026-05-01 09:00:00+00' AS occurred_at, '12' AS distance_km", "distance_km", "cannot hold a number")]
    [InlineData("SELECT 'scan' AS type, TIMESTAMPTZ '2026-05-01 09:00:00+00' AS occurred_at, {'name': 'x'} AS carrier", "carrier", "nested or repeated")]
    [InlineData("SELECT 'scan' AS type, TIMESTAMPTZ '2026-05-01 09:00:00+00' AS occurred_at, ['a', 'b'] AS location", "location", "nested or repeated")]
    public async Task A_file_whose_schema_cannot_hold_the_log_is_refused_naming_the_column(string select, string column, string problem)
    {
        string path = PathOf("bad.parquet");
        DuckDbCopy(path, select);

        Func<Task> read = () => ReadAllAsync(new ParquetEventSource(path));

        (await read.Should().ThrowAsync<InvalidDataException>())
            .Which.Message.Should().Contain($"bad.parquet").And.Contain($"column \"{column}\"").And.Contain(problem);
    }

    [Fact]
    public async Task With_RejectUnknownFields_a_nested_unknown_column_is_refused_and_otherwise_ignored()
    {
        string path = PathOf("nested.parquet");
        DuckDbCopy(path, "SELECT 'scan' AS type, 'O-1' AS order_id, TIMESTAMPTZ '2026-05-01 09:00:00+00' AS occurred_at, {'a': 1} AS extra");

        (await ReadAllAsync(new ParquetEventSource(path))).Single().Event.Should().Be(new Scan("O-1", At("2026-05-01T09:00:00Z")));
        Func<Task> strict = () => ReadAllAsync(new ParquetEventSource(path, new EventLogReaderOptions { RejectUnknownFields = true }));
        (await strict.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain("column \"extra\"");
    }

    [Fact]
    public async Task A_file_that_is_not_Parquet_is_refused()
    {
        string path = PathOf("events.parquet");
        WriteJsonLines(path, EveryKind());

        Func<Task> read = () => ReadAllAsync(new ParquetEventSource(path));

        (await read.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain("is not a Parquet file");
    }

    [Fact]
    public async Task A_Parquet_file_with_a_corrupt_footer_is_refused()
    {
        string path = PathOf("events.parquet");
        WriteParquet(path, EveryKind());
        byte[] bytes = File.ReadAllBytes(path);
        bytes.AsSpan(bytes.Length - 200, 192).Fill(0xFF);
        File.WriteAllBytes(path, bytes);

        Func<Task> read = () => ReadAllAsync(new ParquetEventSource(path));

        (await read.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain("events.parquet cannot be read");
    }

    [Fact]
    public async Task Required_columns_and_nanosecond_and_millisecond_timestamps_from_Parquet_Net_are_read_exactly()
    {
        string path = PathOf("required.parquet");
        var type = new DataField<string>("type", nullable: false);
        var orderId = new DataField<string>("order_id", nullable: false);
        var occurredAt = new DateTimeDataField("occurred_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Nanos, isNullable: false);
        var recordedAt = new DateTimeDataField("recorded_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: true);
        var location = new DataField<string>("location", nullable: true);
        using (FileStream file = File.Create(path))
        {
            await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(type, orderId, occurredAt, recordedAt, location), file);
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync(type, ["scan", "delivered"], null);
            await group.WriteAsync(orderId, ["O-1", "O-2"], null);
            DateTime[] occurred = [new(2026, 5, 1, 9, 0, 0, 123, 456, DateTimeKind.Utc), new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999)];
            DateTime?[] recorded = [new DateTime(2026, 5, 1, 9, 0, 1, 5, DateTimeKind.Utc), null];
            await group.WriteAsync(occurredAt, new ReadOnlyMemory<DateTime>(occurred), null, null, default);
            await group.WriteAsync(recordedAt, new ReadOnlyMemory<DateTime?>(recorded), null, null, default);
            await group.WriteAsync(location, ["hub", null!], null);
            group.CompleteValidate();
        }

        var lines = await ReadAllAsync(new ParquetEventSource(path));

        lines.Select(l => l.Event).Should().Equal(
            new Scan("O-1", At("2026-05-01T09:00:00.123456Z"), "hub", At("2026-05-01T09:00:01.005Z")),
            new Delivered("O-2", At("1969-12-31T23:59:59.9999999Z")));
    }

    [Fact]
    public async Task The_file_is_read_again_by_each_enumeration_and_cancellation_stops_it()
    {
        string path = PathOf("events.parquet");
        WriteParquet(path, EveryKind(), rowGroupSize: 3);
        var source = new ParquetEventSource(path);

        (await ReadAllAsync(source)).Should().HaveCount(9);
        (await ReadAllAsync(source)).Should().HaveCount(9);
        source.Name.Should().Be("events.parquet");
        source.FilePath.Should().Be(Path.GetFullPath(path));

        using var cancel = new CancellationTokenSource();
        int read = 0;
        Func<Task> enumerate = async () =>
        {
            await foreach (EventLine line in source.ReadAsync(Schema, cancel.Token))
            {
                if (++read == 4)
                {
                    await cancel.CancelAsync();
                }
            }
        };
        await enumerate.Should().ThrowAsync<OperationCanceledException>();
        read.Should().Be(4);
    }

    [Fact]
    public void The_constructor_checks_its_arguments()
    {
        FluentActions.Invoking(() => new ParquetEventSource(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new ParquetEventSource("")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ParquetEventSource("x.parquet", new EventLogReaderOptions { Zones = null! })).Should().Throw<ArgumentException>();
    }
}
