using System.IO;
using System.Linq;
using System.Text;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Points;
using NodaTime;

namespace FeatureContracts.Export.Tests.Points;

public sealed class PointsReaderTests
{
    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Csv_points_read_with_their_line_numbers_and_instants()
    {
        PointLine[] lines = [.. PointsReader.ReadCsv(Utf8("order_id,prediction_time\nO-204,2026-05-01T09:00:00Z\n\"O,7\",2026-05-01T11:00:00+02:00\n"), "order_id")];

        lines.Select(l => (l.LineNumber, l.Point!.EntityId, l.Point.PredictionTime))
            .Should().Equal((2L, "O-204", Instant.FromUtc(2026, 5, 1, 9, 0)), (3L, "O,7", Instant.FromUtc(2026, 5, 1, 9, 0)));
    }

    [Fact]
    public void Csv_columns_may_come_in_any_order_with_extra_columns()
    {
        PointLine line = PointsReader.ReadCsv(Utf8("note,prediction_time,order_id\nx,2026-05-01T09:00:00Z,O-1\n"), "order_id").Single();

        line.Point.Should().Be(new PredictionPoint("O-1", Instant.FromUtc(2026, 5, 1, 9, 0)));
    }

    [Fact]
    public void Csv_without_the_required_header_is_refused_as_a_whole()
    {
        FluentActions.Invoking(() => PointsReader.ReadCsv(Utf8("order,time\nO-1,2026-05-01T09:00:00Z\n"), "order_id").ToList())
            .Should().Throw<InvalidDataException>().WithMessage("*order_id*prediction_time*");
    }

    [Theory]
    [InlineData("O-1,2026-05-01T09:00:00", "prediction_time", LineRejectionCode.TimestampWithoutOffset)]
    [InlineData("O-1,yesterday", "prediction_time", LineRejectionCode.InvalidTimestamp)]
    [InlineData(" ,2026-05-01T09:00:00Z", "order_id", LineRejectionCode.InvalidValue)]
    [InlineData("O-1", "prediction_time", LineRejectionCode.MissingField)]
    [InlineData("\"O-1,2026-05-01T09:00:00Z", "order_id", LineRejectionCode.MalformedCsv)]
    [InlineData("", null, LineRejectionCode.EmptyLine)]
    public void Unusable_csv_lines_are_rejected_naming_line_field_and_reason(string line, string? field, LineRejectionCode code)
    {
        PointLine read = PointsReader.ReadCsv(Utf8("order_id,prediction_time\n" + line + "\n"), "order_id").Single();

        read.Point.Should().BeNull();
        read.Rejection.Should().BeEquivalentTo(new { LineNumber = 2L, Field = field, Code = code });
        read.Rejection!.Reason.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("{\"order_id\":\"O-1\",\"prediction_time\":\"2026-05-01T09:00:00Z\"}", null, null)]
    [InlineData("{\"order_id\":\"O-1\"}", "prediction_time", LineRejectionCode.MissingField)]
    [InlineData("{\"order_id\":7,\"prediction_time\":\"2026-05-01T09:00:00Z\"}", "order_id", LineRejectionCode.InvalidValue)]
    [InlineData("[1]", null, LineRejectionCode.NotAnObject)]
    [InlineData("{", null, LineRejectionCode.MalformedJson)]
    public void Json_lines_points_read_or_are_rejected(string line, string? field, LineRejectionCode? code)
    {
        PointLine read = PointsReader.ReadJsonLines(Utf8(line + "\n"), "order_id").Single();

        if (code is null)
        {
            read.Point.Should().Be(new PredictionPoint("O-1", Instant.FromUtc(2026, 5, 1, 9, 0)));
        }
        else
        {
            read.Rejection.Should().BeEquivalentTo(new { LineNumber = 1L, Field = field, Code = code });
        }
    }
}
