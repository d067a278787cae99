using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Rows;

/// <summary>The columns of a training row, its CSV and JSON Lines text in both directions, and its typed cells read back.</summary>
public sealed class RowCodecRowTests
{
    private static readonly FeatureContract<ToyView> Contract = Reference("late_delivery").Build();
    private static readonly RowLayout Layout = RowLayout.For(Contract, "order_id");

    private const string Header = "order_id,prediction_time,distance_km,origin_backlog,carrier,expedited,origin_backlog_missing,label";

    private static ToyView View(
        string entityId = "O-204",
        Instant? t = null,
        double distance = 620,
        double? backlog = 18,
        string carrier = "northline",
        bool? expedited = null)
    {
        Instant at = t ?? T;
        return new ToyView(at, entityId)
        {
            Distance = Seen(distance, at - Duration.FromHours(1)),
            Backlog = backlog is { } b ? Seen(b, at - Duration.FromHours(2), "backlog_measured") : Observation<double>.Missing(),
            Carrier = Seen(carrier, at - Duration.FromHours(1)),
            Expedited = expedited is { } e ? Seen(e, at - Duration.FromHours(1)) : Observation<bool>.AbsentByDeclaration(Event("order_placed", at - Duration.FromHours(1))),
        };
    }

    private static FeatureRow Row(ToyView view) => Contract.Accept(view);

    private static string Csv(Action<TextWriter> write)
    {
        var text = new StringWriter();
        write(text);
        return text.ToString();
    }

    private static string Json(Action<Utf8JsonWriter> write, JsonWriterOptions? options = null)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options ?? RowCodec.JsonOptions))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<CsvField> Fields(string record)
    {
        var fields = new List<CsvField>();
        new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes(record))).TryRead(fields, out _, out CsvProblem? problem).Should().BeTrue();
        problem.Should().BeNull();
        return fields;
    }

    // ---- layout -------------------------------------------------------------------------------------------------

    [Fact]
    public void The_layout_is_the_entity_id_the_prediction_time_the_features_the_indicators_and_the_label()
    {
        Layout.Columns.Should().Equal(
            new LayoutColumn("order_id", LayoutColumnType.EntityId, -1),
            new LayoutColumn("prediction_time", LayoutColumnType.PredictionTime, -1),
            new LayoutColumn("distance_km", LayoutColumnType.Numeric, 0),
            new LayoutColumn("origin_backlog", LayoutColumnType.Numeric, 1),
            new LayoutColumn("carrier", LayoutColumnType.Categorical, 2),
            new LayoutColumn("expedited", LayoutColumnType.Boolean, 3),
            new LayoutColumn("origin_backlog_missing", LayoutColumnType.MissingIndicator, 1),
            new LayoutColumn("label", LayoutColumnType.Label, -1));
        Layout.EntityIdColumn.Should().Be("order_id");
        Layout.Contract.Should().BeSameAs(Contract);
        Layout.IndexOf("carrier").Should().Be(4);
        Layout.IndexOf("courier").Should().Be(-1);
    }

    [Fact]
    public void The_entity_id_column_is_named_by_the_caller()
    {
        RowLayout layout = RowLayout.For(Contract, "card_id");

        layout.Columns[0].Should().Be(new LayoutColumn("card_id", LayoutColumnType.EntityId, -1));
        layout.IndexOf("order_id").Should().Be(-1);
        Csv(w => RowCodec.WriteCsvHeader(w, layout)).Should().StartWith("card_id,prediction_time,");
    }

    [Theory]
    [InlineData("label")]
    [InlineData("prediction_time")]
    [InlineData("distance_km")]
    [InlineData("origin_backlog_missing")]
    public void A_column_named_twice_cannot_be_laid_out(string entityIdColumn)
        => FluentActions.Invoking(() => RowLayout.For(Contract, entityIdColumn))
            .Should().Throw<ArgumentException>().WithMessage($"*column '{entityIdColumn}' appears twice*");

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void The_entity_id_column_needs_a_name(string entityIdColumn)
        => FluentActions.Invoking(() => RowLayout.For(Contract, entityIdColumn)).Should().Throw<ArgumentException>();

    [Fact]
    public void A_row_of_another_contract_does_not_fit_and_is_not_written()
    {
        FeatureRow other = Reference("late_delivery").Numeric("extra", f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 10)).Build().Accept(View());
        var text = new StringWriter();

        FluentActions.Invoking(() => Layout.EnsureFits(other)).Should().Throw<ArgumentException>().WithMessage($"*follows contract late_delivery v1 ({other.Fingerprint}), not late_delivery v1 ({Contract.Fingerprint})*");
        FluentActions.Invoking(() => RowCodec.WriteCsvRecord(text, Layout, other, label: true)).Should().Throw<ArgumentException>();
        text.ToString().Should().BeEmpty();
        FluentActions.Invoking(() => Json(j => RowCodec.WriteJsonRow(j, Layout, other, label: true))).Should().Throw<ArgumentException>();
    }

    // ---- CSV ----------------------------------------------------------------------------------------------------

    [Fact]
    public void A_row_is_written_as_a_CSV_record_after_its_header()
    {
        string csv = Csv(w =>
        {
            RowCodec.WriteCsvHeader(w, Layout);
            RowCodec.WriteCsvRecord(w, Layout, Row(View()), label: true);
            RowCodec.WriteCsvRecord(w, Layout, Row(View("O-7", T + Duration.FromMilliseconds(1500), 0.1, null, "pigeon", true)), label: false);
        });

        csv.Should().Be(
            Header + "\r\n"
            + "O-204,2026-05-01T09:00:00Z,620,18,northline,false,0,1\r\n"
            + "O-7,2026-05-01T09:00:01.5Z,0.1,,other,true,1,0\r\n");
    }

    [Theory]
    [InlineData("O,1", "\"O,1\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("line\nfeed", "\"line\nfeed\"")]
    [InlineData("plain 'text' ü", "plain 'text' ü")]
    public void A_CSV_field_is_quoted_only_when_it_must_be(string text, string field)
    {
        Csv(w => RowCodec.WriteCsvField(w, text)).Should().Be(field);
        Fields(field + "\r\n").Should().Equal(new CsvField(text, field.StartsWith('"')));
    }

    [Fact]
    public void In_CSV_missing_is_an_empty_field_and_an_empty_string_is_two_quotes()
    {
        Csv(w => RowCodec.WriteCsvField(w, null)).Should().BeEmpty();
        Csv(w => RowCodec.WriteCsvField(w, string.Empty)).Should().Be("\"\"");
        Fields(",\"\"\r\n").Select(f => f.Value).Should().Equal(null, string.Empty);
    }

    [Fact]
    public void A_CSV_record_reads_back_to_the_row_values()
    {
        FeatureRow row = Row(View("O-7", T + Duration.FromNanoseconds(948_688_928), 0.1, null, "pigeon", true));
        string record = Csv(w => RowCodec.WriteCsvRecord(w, Layout, row, label: true));

        TrainingRecord read = RowCodec.ReadCsvRecord(Layout, Fields(record));

        read.EntityId.Should().Be("O-7");
        read.PredictionTime.Should().Be(row.PredictionInstant);
        read.Values.Should().Equal(row.Cells.Select(c => c.Value));
        read.Label.Should().BeTrue();
    }

    [Fact]
    public void A_CSV_header_must_name_the_layouts_columns_in_order()
    {
        RowCodec.CheckCsvHeader(Layout, Fields(Header + "\r\n"));
        FluentActions.Invoking(() => RowCodec.CheckCsvHeader(Layout, Fields(Header.Replace("carrier", "courier", StringComparison.Ordinal) + "\r\n")))
            .Should().Throw<RowFormatException>()
            .Which.Should().Match<RowFormatException>(e => e.Column == "header column 5" && e.Reason.StartsWith("expected 'carrier', found 'courier'; the header must be " + Header + " for contract late_delivery v1", StringComparison.Ordinal));
        FluentActions.Invoking(() => RowCodec.CheckCsvHeader(Layout, Fields(Header + ",eta\r\n")))
            .Should().Throw<RowFormatException>().Which.Reason.Should().StartWith("expected no more columns, found 'eta'");
    }

    private const string GoodRecord = "O-1,2026-05-01T09:00:00Z,620,,northline,false,1,1";

    [Theory]
    [InlineData(",northline,", ",pigeon,", "carrier", "unknown category 'pigeon': not in the contract's vocabulary [northline, eastway] nor its unseen bucket 'other'")]
    [InlineData(",northline,", ",\"\",", "carrier", "unknown category '': not in the contract's vocabulary [northline, eastway] nor its unseen bucket 'other'")]
    [InlineData(",northline,", ",,", "carrier", "is missing, but the contract never leaves 'carrier' missing (missing rule RejectRow)")]
    [InlineData(",620,", ",6x0,", "distance_km", "'6x0' is not a finite number")]
    [InlineData(",620,", ",NaN,", "distance_km", "'NaN' is not a finite number")]
    [InlineData(",620,", ",1e400,", "distance_km", "'1e400' is not a finite number")]
    [InlineData(",620,", ",5000.5,", "distance_km", "5000.5 is outside the contract's range [0, 5000] Reject")]
    [InlineData(",620,", ",,", "distance_km", "is missing, but the contract never leaves 'distance_km' missing (missing rule RejectRow)")]
    [InlineData(",false,", ",no,", "expedited", "'no' is not a boolean (true or false)")]
    [InlineData(",false,1,1", ",false,0,1", "origin_backlog_missing", "is 0 but feature 'origin_backlog' is missing")]
    [InlineData(",false,1,1", ",false,1,yes", "label", "'yes' is not 0 or 1")]
    [InlineData(",false,1,1", ",false,1,", "label", "is missing; expected 0 or 1")]
    [InlineData("O-1,", "\"\",", "order_id", "is empty")]
    [InlineData("O-1,", ",", "order_id", "is missing")]
    [InlineData("09:00:00Z", "09:00:00", "prediction_time", "'2026-05-01T09:00:00' has no Z or offset, so it names no instant; write an ISO-8601 instant such as 2026-05-01T09:00:00Z")]
    [InlineData(",false,1,1", ",false,1,1,1", "record", "has 9 fields; the header has 8")]
    public void A_CSV_record_that_does_not_follow_the_contract_is_refused_naming_the_column(string find, string replace, string column, string reason)
    {
        string record = GoodRecord.Replace(find, replace, StringComparison.Ordinal);
        record.Should().NotBe(GoodRecord);
        RowCodec.ReadCsvRecord(Layout, Fields(GoodRecord + "\r\n")).EntityId.Should().Be("O-1");

        RowFormatException refused = FluentActions.Invoking(() => RowCodec.ReadCsvRecord(Layout, Fields(record + "\r\n"))).Should().Throw<RowFormatException>().Which;
        (refused.Column, refused.Reason).Should().Be((column, reason));
        refused.Message.Should().Be($"column '{column}': {reason}");
    }

    // ---- JSON ---------------------------------------------------------------------------------------------------

    [Fact]
    public void A_row_is_written_as_one_JSON_object_with_a_property_per_column()
    {
        Json(j => RowCodec.WriteJsonRow(j, Layout, Row(View()), label: true)).Should().Be(
            """{"order_id":"O-204","prediction_time":"2026-05-01T09:00:00Z","distance_km":620,"origin_backlog":18,"carrier":"northline","expedited":false,"origin_backlog_missing":0,"label":1}""");
        Json(j => RowCodec.WriteJsonRow(j, Layout, Row(View("Ö \"7\"", T + Duration.FromNanoseconds(1), 0.1, null, "pigeon", true)), label: false)).Should().Be(
            """{"order_id":"Ö \"7\"","prediction_time":"2026-05-01T09:00:00.000000001Z","distance_km":0.1,"origin_backlog":null,"carrier":"other","expedited":true,"origin_backlog_missing":1,"label":0}""");
    }

    [Fact]
    public void The_column_values_of_a_row_are_the_schema_columns_as_JSON_properties()
    {
        FeatureRow row = Row(View(backlog: null));

        Json(j =>
        {
            j.WriteStartObject();
            RowCodec.WriteJsonColumnValues(j, row);
            j.WriteEndObject();
        }).Should().Be("""{"distance_km":620,"origin_backlog":null,"carrier":"northline","expedited":false,"origin_backlog_missing":1}""");
    }

    [Fact]
    public void A_value_is_written_to_JSON_by_kind_and_missing_is_null()
    {
        string Write(FeatureValue value) => Json(j =>
        {
            j.WriteStartObject();
            RowCodec.WriteJsonValue(j, "v", value);
            RowCodec.WriteJsonValue(j, JsonEncodedText.Encode("w"), value);
            j.WriteEndObject();
        });

        Write(FeatureValue.Numeric(-0.0)).Should().Be("""{"v":-0,"w":-0}""");
        Write(FeatureValue.Numeric(1e20)).Should().Be("""{"v":1E+20,"w":1E+20}""");
        Write(FeatureValue.Categorical("a\"b")).Should().Be("""{"v":"a\"b","w":"a\"b"}""");
        Write(FeatureValue.Bool(true)).Should().Be("""{"v":true,"w":true}""");
        Write(FeatureValue.Missing(FeatureKind.Numeric)).Should().Be("""{"v":null,"w":null}""");
        FluentActions.Invoking(() => Write(FeatureValue.Numeric(double.NaN))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Flags_are_written_to_JSON_as_the_list_of_their_names()
    {
        Json(j =>
        {
            j.WriteStartObject();
            RowCodec.WriteJsonFlags(j, "notes", CellNotes.Filled | CellNotes.BeyondMaxAge);
            RowCodec.WriteJsonFlags(j, "none", CellNotes.None);
            j.WriteEndObject();
        }).Should().Be("""{"notes":["filled","beyond_max_age"],"none":[]}""");
    }

    [Fact]
    public void An_indented_writer_keeps_every_value_text()
    {
        string indented = Json(j => RowCodec.WriteJsonRow(j, Layout, Row(View()), label: true), RowCodec.JsonOptions with { Indented = true });

        indented.Should().Contain("\n").And.Contain("\"prediction_time\": \"2026-05-01T09:00:00Z\"").And.Contain("\"distance_km\": 620");
    }

    [Fact]
    public void A_JSON_row_reads_back_to_the_row_values_in_any_property_order()
    {
        FeatureRow row = Row(View("O-7", T + Duration.FromNanoseconds(948_688_928), 0.1, null, "pigeon", true));
        string line = Json(j => RowCodec.WriteJsonRow(j, Layout, row, label: true));

        TrainingRecord read = RowCodec.ReadJsonRow(Layout, line);
        TrainingRecord reordered = RowCodec.ReadJsonRow(Layout, """{"label":1,"origin_backlog_missing":1,"expedited":true,"carrier":"other","origin_backlog":null,"distance_km":0.1,"prediction_time":"2026-05-01T09:00:00.948688928Z","order_id":"O-7"}""");

        foreach (TrainingRecord r in new[] { read, reordered })
        {
            (r.EntityId, r.PredictionTime, r.Label).Should().Be(("O-7", row.PredictionInstant, true));
            r.Values.Should().Equal(row.Cells.Select(c => c.Value));
        }
    }

    private const string GoodLine =
        """{"order_id":"O-1","prediction_time":"2026-05-01T09:00:00Z","distance_km":620,"origin_backlog":null,"carrier":"northline","expedited":false,"origin_backlog_missing":1,"label":1}""";

    [Theory]
    [InlineData("\"distance_km\":620", "\"distance_km\":\"620\"", "distance_km", "'620' is not a finite number")]
    [InlineData("\"distance_km\":620", "\"distance_km\":true", "distance_km", "'true' is not a finite number")]
    [InlineData("\"distance_km\":620", "\"distance_km\":1e400", "distance_km", "'1e400' is not a finite number")]
    [InlineData("\"carrier\":\"northline\"", "\"carrier\":7", "carrier", "'7' is not a category code (a string)")]
    [InlineData("\"expedited\":false", "\"expedited\":\"false\"", "expedited", "'false' is not a boolean (true or false)")]
    [InlineData("\"expedited\":false", "\"expedited\":0", "expedited", "'0' is not a boolean (true or false)")]
    [InlineData("\"label\":1", "\"label\":\"1\"", "label", "'1' is not 0 or 1")]
    [InlineData("\"label\":1", "\"label\":1.0", "label", "'1.0' is not 0 or 1")]
    [InlineData("\"label\":1", "\"label\":null", "label", "is missing; expected 0 or 1")]
    [InlineData("\"order_id\":\"O-1\"", "\"order_id\":1", "order_id", "'1' is not a string")]
    [InlineData("\"order_id\":\"O-1\"", "\"order_id\":[]", "order_id", "holds a JSON array")]
    [InlineData("\"prediction_time\":\"2026-05-01T09:00:00Z\"", "\"prediction_time\":\"yesterday\"", "prediction_time", "'yesterday' is not an ISO-8601 instant with Z or an offset, such as 2026-05-01T09:00:00Z")]
    [InlineData(",\"label\":1", ",\"label\":1,\"eta\":3", "eta", "is not a column of contract late_delivery v1")]
    [InlineData(",\"label\":1", ",\"label\":1,\"label\":1", "label", "appears twice")]
    [InlineData(",\"label\":1", "", "label", "is absent")]
    [InlineData("}", "", "line", "is not valid JSON")]
    public void A_JSON_row_that_does_not_follow_the_contract_is_refused_naming_the_column(string find, string replace, string column, string reason)
    {
        string line = GoodLine.Replace(find, replace, StringComparison.Ordinal);
        line.Should().NotBe(GoodLine);
        RowCodec.ReadJsonRow(Layout, GoodLine).EntityId.Should().Be("O-1");

        RowFormatException refused = FluentActions.Invoking(() => RowCodec.ReadJsonRow(Layout, line)).Should().Throw<RowFormatException>().Which;
        refused.Column.Should().Be(column);
        refused.Reason.Should().StartWith(reason);
    }

    [Fact]
    public void A_JSON_line_that_is_not_an_object_is_refused()
        => FluentActions.Invoking(() => RowCodec.ReadJsonRow(Layout, "[1,2]")).Should().Throw<RowFormatException>()
            .Which.Message.Should().Be("column 'line': is not a JSON object");

    // ---- typed cells (Parquet) ----------------------------------------------------------------------------------

    private static TypedCell[] Typed(FeatureRow row, bool label) => [.. Layout.Columns.Select(c => c.Type switch
    {
        LayoutColumnType.EntityId => TypedCell.OfText(row.EntityId),
        LayoutColumnType.PredictionTime => TypedCell.OfInstant(row.PredictionInstant),
        LayoutColumnType.MissingIndicator => TypedCell.OfInteger(row.Cells[c.FeatureIndex].IsMissing ? 1 : 0),
        LayoutColumnType.Label => TypedCell.OfInteger(label ? 1 : 0),
        _ => row.Cells[c.FeatureIndex].Value switch
        {
            { IsMissing: true } => TypedCell.Null,
            { Number: { } x } => TypedCell.OfNumber(x),
            { Category: { } code } => TypedCell.OfText(code),
            var v => TypedCell.OfBoolean(v.Boolean!.Value),
        },
    })];

    [Fact]
    public void A_row_of_typed_cells_reads_back_to_the_row_values()
    {
        FeatureRow row = Row(View("O-7", T + Duration.FromNanoseconds(948_688_928), 0.1, null, "pigeon", true));

        TrainingRecord read = RowCodec.ReadTypedRecord(Layout, Typed(row, label: true));

        (read.EntityId, read.PredictionTime, read.Label).Should().Be(("O-7", row.PredictionInstant, true));
        read.Values.Should().Equal(row.Cells.Select(c => c.Value));
    }

    [Theory]
    [InlineData("distance_km", "number", double.NaN, "'NaN' is not a finite number")]
    [InlineData("distance_km", "number", double.PositiveInfinity, "'Infinity' is not a finite number")]
    [InlineData("distance_km", "number", 5000.5, "5000.5 is outside the contract's range [0, 5000] Reject")]
    [InlineData("distance_km", "text", "620", "'620' is not a finite number")]
    [InlineData("distance_km", "null", null, "is missing, but the contract never leaves 'distance_km' missing (missing rule RejectRow)")]
    [InlineData("carrier", "text", "pigeon", "unknown category 'pigeon': not in the contract's vocabulary [northline, eastway] nor its unseen bucket 'other'")]
    [InlineData("carrier", "integer", 7L, "'7' is not a category code (a string)")]
    [InlineData("expedited", "text", "false", "'false' is not a boolean (true or false)")]
    [InlineData("expedited", "integer", 0L, "'0' is not a boolean (true or false)")]
    [InlineData("origin_backlog_missing", "integer", 0L, "is 0 but feature 'origin_backlog' is missing")]
    [InlineData("origin_backlog_missing", "boolean", true, "'true' is not 0 or 1")]
    [InlineData("label", "integer", 2L, "'2' is not 0 or 1")]
    [InlineData("label", "integer", -1L, "'-1' is not 0 or 1")]
    [InlineData("label", "text", "1", "'1' is not 0 or 1")]
    [InlineData("label", "null", null, "is missing; expected 0 or 1")]
    [InlineData("order_id", "null", null, "is missing")]
    [InlineData("order_id", "text", "", "is empty")]
    [InlineData("order_id", "number", 1.0, "'1' is not a string")]
    [InlineData("prediction_time", "null", null, "is missing")]
    [InlineData("prediction_time", "text", "2026-05-01T09:00:00", "'2026-05-01T09:00:00' has no Z or offset, so it names no instant; write an ISO-8601 instant such as 2026-05-01T09:00:00Z")]
    [InlineData("prediction_time", "integer", 5L, "'5' is not a string")]
    public void A_row_of_typed_cells_that_does_not_follow_the_contract_is_refused_naming_the_column(string column, string kind, object? value, string reason)
    {
        TypedCell[] cells =
        [
            TypedCell.OfText("O-1"), TypedCell.OfInstant(T), TypedCell.OfNumber(620), TypedCell.Null, TypedCell.OfText("northline"),
            TypedCell.OfBoolean(false), TypedCell.OfInteger(1), TypedCell.OfInteger(1),
        ];
        RowCodec.ReadTypedRecord(Layout, cells).EntityId.Should().Be("O-1");

        cells[Layout.IndexOf(column)] = kind switch
        {
            "null" => TypedCell.Null,
            "text" => TypedCell.OfText((string)value!),
            "number" => TypedCell.OfNumber((double)value!),
            "boolean" => TypedCell.OfBoolean((bool)value!),
            _ => TypedCell.OfInteger((long)value!),
        };
        RowFormatException refused = FluentActions.Invoking(() => RowCodec.ReadTypedRecord(Layout, cells)).Should().Throw<RowFormatException>().Which;
        (refused.Column, refused.Reason).Should().Be((column, reason));
    }

    [Fact]
    public void A_typed_row_needs_one_cell_per_column()
        => FluentActions.Invoking(() => RowCodec.ReadTypedRecord(Layout, [TypedCell.OfText("O-1")]))
            .Should().Throw<ArgumentException>().WithMessage("1 cells were given for the 8 columns of contract late_delivery v1.*");

    [Fact]
    public void A_typed_cell_shows_its_text_as_a_reason_quotes_it()
    {
        TypedCell.Null.ToString().Should().Be("null");
        TypedCell.OfText("a,b").ToString().Should().Be("a,b");
        TypedCell.OfNumber(0.1).ToString().Should().Be("0.1");
        TypedCell.OfBoolean(true).ToString().Should().Be("true");
        TypedCell.OfInteger(-3).ToString().Should().Be("-3");
        TypedCell.OfInstant(T + Duration.FromMilliseconds(5)).ToString().Should().Be("2026-05-01T09:00:00.005Z");
        TypedCell.OfNumber(1).Should().Be(TypedCell.OfNumber(1)).And.NotBe(TypedCell.OfInteger(1));
    }

    // ---- every row, every format --------------------------------------------------------------------------------

    private static readonly string[] Pieces = ["O", "-", "7", ",", "\"", "\r\n", "\n", " ", "ü", "日", "\\", "'"];

    private static readonly Gen<(ToyView View, bool Label)> AnyRow =
        from idPieces in Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n))
        from ticks in Gen.Choose(0, int.MaxValue)
        from nanoseconds in Gen.Choose(0, 99)
        from distanceBits in Gen.Choose(0, int.MaxValue)
        from backlog in Gen.Frequency((1, Gen.Constant<double?>(null)), (3, Gen.Choose(0, 1_000_000).Select(i => (double?)(i / 1000.0))))
        from carrier in Gen.Elements("northline", "eastway", "pigeon", "a,b", "q\"uote")
        from expedited in Gen.Elements<bool?>(null, true, false)
        from label in Gen.Elements(true, false)
        let t = T + Duration.FromTicks(ticks * 997L) + Duration.FromNanoseconds(nanoseconds)
        let distance = distanceBits / (double)int.MaxValue * 5000
        select (View(string.Concat(idPieces), t, distance, backlog, carrier, expedited), label);

    [Property(MaxTest = 500)]
    public Property Every_row_reads_back_exactly_from_its_CSV_record_its_JSON_line_and_its_typed_cells()
        => Prop.ForAll(Arb.From(AnyRow), sample =>
        {
            FeatureRow row = Row(sample.View);
            string record = Csv(w => RowCodec.WriteCsvRecord(w, Layout, row, sample.Label));
            string line = Json(j => RowCodec.WriteJsonRow(j, Layout, row, sample.Label));

            return new[] { RowCodec.ReadCsvRecord(Layout, Fields(record)), RowCodec.ReadJsonRow(Layout, line), RowCodec.ReadTypedRecord(Layout, Typed(row, sample.Label)) }.All(read =>
                read.EntityId == row.EntityId
                && read.PredictionTime == row.PredictionInstant
                && read.Values.SequenceEqual(row.Cells.Select(c => c.Value))
                && read.Label == sample.Label);
        });
}
