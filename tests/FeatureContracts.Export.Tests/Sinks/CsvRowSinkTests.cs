using System;
using System.IO;
using System.Linq;
using System.Text;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments.Contract;

namespace FeatureContracts.Export.Tests.Sinks;

public sealed class CsvRowSinkTests
{
    [Fact]
    public void Golden_file_late_delivery_rows_byte_for_byte()
    {
        byte[] written = SinkFixtures.Csv(LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows());

        Encoding.UTF8.GetString(written).Should().Be(Encoding.UTF8.GetString(SinkFixtures.Golden("late_delivery_v1.csv")));
        written.Should().Equal(SinkFixtures.Golden("late_delivery_v1.csv"));
    }

    [Fact]
    public void Missing_origin_backlog_is_an_empty_field_never_0_or_NaN_and_its_indicator_is_1()
    {
        string[] lines = Encoding.UTF8.GetString(SinkFixtures.Csv(LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows())).Split("\r\n");
        string[] header = lines[0].Split(',');
        string[] o300 = lines[2].Split(',');

        o300[Array.IndexOf(header, "origin_backlog")].Should().BeEmpty();
        o300[Array.IndexOf(header, "origin_backlog_missing")].Should().Be("1");
        o300[Array.IndexOf(header, "hours_since_last_scan")].Should().Be("168", "no scan yet counts as 168 (a filled value is a value, not missing)");
        lines.Should().NotContain(l => l.Contains("NaN", StringComparison.Ordinal));
    }

    [Fact]
    public void Header_lists_the_columns_in_contract_order()
    {
        string text = Encoding.UTF8.GetString(SinkFixtures.Csv(LateDeliveryContract.V1, []));

        text.Should().Be("order_id,prediction_time,distance_km,hours_since_last_scan,origin_backlog,carrier,expedited,origin_backlog_missing,label\r\n");
    }

    [Fact]
    public void Output_has_no_byte_order_mark()
        => SinkFixtures.Csv(LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows())[0].Should().Be((byte)'o');

    [Fact]
    public void RFC_4180_fields_with_comma_quote_or_line_break_are_quoted_with_quotes_doubled()
    {
        var rows = new (FeatureRow, bool)[]
        {
            (SinkFixtures.ToyRow("t1", "a,b", 1.5, true), true),
            (SinkFixtures.ToyRow("t2", "say \"hi\"", -0.1, false), false),
            (SinkFixtures.ToyRow("t3", "two\r\nlines", null, null), true),
            (SinkFixtures.ToyRow("t4,\"x\"", "café", 1e21, true), false),
            (SinkFixtures.ToyRow("t5", "not in vocabulary", 0, false), false),
            (SinkFixtures.ToyRow("t6", null, 2, true), true),
        };

        string text = Encoding.UTF8.GetString(SinkFixtures.Csv(SinkFixtures.Toy, rows));

        text.Should().Be(
            "order_id,prediction_time,code,amount,flag,code_missing,amount_missing,flag_missing,label\r\n"
            + "t1,2026-05-01T09:00:00Z,\"a,b\",1.5,true,0,0,0,1\r\n"
            + "t2,2026-05-01T09:00:00Z,\"say \"\"hi\"\"\",-0.1,false,0,0,0,0\r\n"
            + "t3,2026-05-01T09:00:00Z,\"two\r\nlines\",,,0,1,1,1\r\n"
            + "\"t4,\"\"x\"\"\",2026-05-01T09:00:00Z,café,1E+21,true,0,0,0,0\r\n"
            + "t5,2026-05-01T09:00:00Z,other,0,false,0,0,0,0\r\n"
            + "t6,2026-05-01T09:00:00Z,,2,true,1,0,0,1\r\n");
    }

    [Fact]
    public void Quoted_output_parses_back_to_the_same_fields_with_an_RFC_4180_reader()
    {
        var rows = SinkFixtures.ToyVocabulary.Select((code, i) => (SinkFixtures.ToyRow($"t{i}", code, i, i % 2 == 0), i % 2 == 1)).ToList();

        var records = ParseRfc4180(Encoding.UTF8.GetString(SinkFixtures.Csv(SinkFixtures.Toy, rows)));

        records.Should().HaveCount(rows.Count + 1);
        records.Skip(1).Select(r => r[2]).Should().Equal(SinkFixtures.ToyVocabulary);
        records.Should().OnlyContain(r => r.Count == 9);
    }

    [Fact]
    public void Numbers_are_written_in_invariant_round_trip_form()
    {
        double[] values = [0.1, 1.0 / 3, -2.5e-7, 123456789.125, 1e21, double.Epsilon, -0.0];
        var rows = values.Select((v, i) => (SinkFixtures.ToyRow($"t{i}", "plain", v, true), false)).ToList();

        var records = ParseRfc4180(Encoding.UTF8.GetString(SinkFixtures.Csv(SinkFixtures.Toy, rows)));

        records.Skip(1).Select(r => BitConverter.DoubleToInt64Bits(double.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)))
            .Should().Equal(values.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Same_rows_give_byte_identical_output()
        => SinkFixtures.Csv(LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows())
            .Should().Equal(SinkFixtures.Csv(LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows()));

    [Fact]
    public void Rows_stream_to_the_output_before_Complete()
    {
        var output = new MemoryStream();
        using var sink = new CsvRowSink(output);
        sink.Begin(SinkFixtures.Layout(LateDeliveryContract.V1));
        var (row, label) = SinkFixtures.LateDeliveryRows()[0];
        for (int i = 0; i < 5_000; i++)
        {
            sink.Write(row, label);
        }

        output.Length.Should().BeGreaterThan(64 * 1024, "a 64 KiB buffer is written out as it fills, rows are not held until Complete");
    }

    [Fact]
    public void The_stream_stays_open_by_default_and_is_closed_with_leaveOpen_false()
    {
        var kept = new MemoryStream();
        SinkFixtures.WriteAll(new CsvRowSink(kept), LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows(), kept);
        kept.CanWrite.Should().BeTrue();

        var handed = new MemoryStream();
        SinkFixtures.WriteAll(new CsvRowSink(handed, leaveOpen: false), LateDeliveryContract.V1, SinkFixtures.LateDeliveryRows(), handed);
        handed.CanWrite.Should().BeFalse();
    }

    [Fact]
    public void Writing_before_Begin_or_after_Complete_throws()
    {
        var (row, label) = SinkFixtures.LateDeliveryRows()[0];
        using var sink = new CsvRowSink(new MemoryStream());

        sink.Invoking(s => s.Write(row, label)).Should().Throw<InvalidOperationException>();
        sink.Begin(SinkFixtures.Layout(LateDeliveryContract.V1));
        sink.Invoking(s => s.Begin(SinkFixtures.Layout(LateDeliveryContract.V1))).Should().Throw<InvalidOperationException>();
        sink.Complete();
        sink.Invoking(s => s.Write(row, label)).Should().Throw<InvalidOperationException>();
        sink.Invoking(s => s.Complete()).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void A_row_of_another_contract_is_refused()
    {
        using var sink = new CsvRowSink(new MemoryStream());
        sink.Begin(SinkFixtures.Layout(LateDeliveryContract.V1));

        sink.Invoking(s => s.Write(SinkFixtures.ToyRow("t1", "plain", 1, true), true))
            .Should().Throw<ArgumentException>().WithMessage("*quoting_toy*late_delivery*");
    }

    /// <summary>A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes), independent of the writer.</summary>
    internal static System.Collections.Generic.List<System.Collections.Generic.List<string>> ParseRfc4180(string text)
    {
        var records = new System.Collections.Generic.List<System.Collections.Generic.List<string>>();
        var record = new System.Collections.Generic.List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        field.Append(text[i++]);
                    }
                }
            }
            else if (text[i] == ',')
            {
                record.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (text[i] == '\r' && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i += 2;
            }
            else
            {
                text[i].Should().NotBe('\n', "a bare LF outside quotes is not RFC 4180");
                field.Append(text[i++]);
            }
        }

        record.Should().BeEmpty("the last record ends with CRLF");
        return records;
    }
}
