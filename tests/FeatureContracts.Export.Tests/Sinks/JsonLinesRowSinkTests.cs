using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments.Contract;

namespace FeatureContracts.Export.Tests.Sinks;

public sealed class JsonLinesRowSinkTests
{
    private static readonly string[] LateDeliveryColumns =
        ["order_id", "prediction_time", "distance_km", "hours_since_last_scan", "origin_backlog", "carrier", "expedited", "origin_backlog_missing", "label"];

    [Fact]
    public void Golden_file_late_delivery_rows_byte_for_byte()
    {
        byte[] written = SinkFixtures.JsonLines(LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows());

        Encoding.UTF8.GetString(written).Should().Be(Encoding.UTF8.GetString(SinkFixtures.Golden("late_delivery_v1.jsonl")));
        written.Should().Equal(SinkFixtures.Golden("late_delivery_v1.jsonl"));
    }

    [Fact]
    public void One_object_per_line_with_properties_in_column_order_and_missing_as_null()
    {
        string text = Encoding.UTF8.GetString(SinkFixtures.JsonLines(LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows()));
        string[] lines = text.Split('\n');

        lines.Should().HaveCount(4);
        lines[^1].Should().BeEmpty("every line, the last included, ends with \\n");
        text.Should().NotContain("\r");
        foreach (string line in lines[..^1])
        {
            using var doc = JsonDocument.Parse(line);
            doc.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal(LateDeliveryColumns);
        }

        using var o300 = JsonDocument.Parse(lines[1]);
        o300.RootElement.GetProperty("origin_backlog").ValueKind.Should().Be(JsonValueKind.Null);
        o300.RootElement.GetProperty("origin_backlog_missing").GetRawText().Should().Be("1");
        o300.RootElement.GetProperty("expedited").ValueKind.Should().Be(JsonValueKind.True);
        o300.RootElement.GetProperty("label").GetRawText().Should().Be("0");
    }

    [Fact]
    public void Strings_are_escaped_minimally_and_numbers_round_trip()
    {
        double[] amounts = [0.1, 1.0 / 3, -2.5e-7, 1e21, double.Epsilon];
        var rows = SinkFixtures.ToyVocabulary.Select((code, i) => (SinkFixtures.ToyRow($"t{i}", code, i < amounts.Length ? amounts[i] : null, null), true)).ToList();

        string text = Encoding.UTF8.GetString(SinkFixtures.JsonLines(SinkFixtures.Toy, rows));
        string[] lines = text.Split('\n')[..^1];

        lines[0].Should().Contain("\"code\":\"a,b\"");
        lines[1].Should().Contain("\"code\":\"say \\\"hi\\\"\"");
        lines[2].Should().Contain("\"code\":\"two\\r\\nlines\"");
        lines[3].Should().Contain("\"code\":\"café\"");
        lines[4].Should().Contain("\"flag\":null,").And.Contain("\"flag_missing\":1,");
        for (int i = 0; i < amounts.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            doc.RootElement.GetProperty("code").GetString().Should().Be(SinkFixtures.ToyVocabulary[i]);
            BitConverter.DoubleToInt64Bits(doc.RootElement.GetProperty("amount").GetDouble()).Should().Be(BitConverter.DoubleToInt64Bits(amounts[i]));
        }
    }

    [Fact]
    public void Output_has_no_byte_order_mark_and_nothing_before_the_first_row()
        => SinkFixtures.JsonLines(LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows())[0].Should().Be((byte)'{');

    [Fact]
    public void No_rows_give_an_empty_file()
        => SinkFixtures.JsonLines(LateDeliveryContract.V1, []).Should().BeEmpty();

    [Fact]
    public void Same_rows_give_byte_identical_output()
        => SinkFixtures.JsonLines(LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows())
            .Should().Equal(SinkFixtures.JsonLines(LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows()));

    [Fact]
    public void Each_row_reaches_the_stream_when_written()
    {
        var output = new MemoryStream();
        using var sink = new JsonLinesRowSink(output);
        sink.Begin(SinkFixtures.Layout(LateDeliveryContract.V1));
        var (row, label) = SinkFixtures.LateDeliveryRows()[0];

        sink.Write(row, label);

        Encoding.UTF8.GetString(output.ToArray()).Should().EndWith("\"label\":1}\n");
    }

    [Fact]
    public void The_stream_stays_open_by_default_and_is_closed_with_leaveOpen_false()
    {
        var kept = new MemoryStream();
        SinkFixtures.WriteAll(new JsonLinesRowSink(kept), LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows(), kept);
        kept.CanWrite.Should().BeTrue();

        var handed = new MemoryStream();
        SinkFixtures.WriteAll(new JsonLinesRowSink(handed, leaveOpen: false), LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows(), handed);
        handed.CanWrite.Should().BeFalse();
    }

    [Fact]
    public void Writing_before_Begin_after_Complete_or_after_Dispose_throws()
    {
        var (row, label) = SinkFixtures.LateDeliveryRows()[0];
        var sink = new JsonLinesRowSink(new MemoryStream());

        sink.Invoking(s => s.Write(row, label)).Should().Throw<InvalidOperationException>();
        sink.Begin(SinkFixtures.Layout(LateDeliveryContract.V1));
        sink.Complete();
        sink.Invoking(s => s.Write(row, label)).Should().Throw<InvalidOperationException>();
        sink.Dispose();
        sink.Invoking(s => s.Write(row, label)).Should().Throw<ObjectDisposedException>();
        sink.Invoking(s => s.Dispose()).Should().NotThrow();
    }

    [Fact]
    public void A_row_of_another_contract_is_refused()
    {
        using var sink = new JsonLinesRowSink(new MemoryStream());
        sink.Begin(SinkFixtures.Layout(SinkFixtures.Toy));

        sink.Invoking(s => s.Write(SinkFixtures.LateDeliveryRows()[0].Row, true)).Should().Throw<ArgumentException>();
    }
}
