using System;
using System.IO;
using FeatureContracts.Contracts;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Sources;

namespace FeatureContracts.Export.Tests.Sinks;

public sealed class RowSinksTests
{
    [Theory]
    [InlineData("csv", typeof(CsvRowSink))]
    [InlineData("jsonl", typeof(JsonLinesRowSink))]
    public void Create_makes_the_sink_of_a_built_in_format(string format, Type expected)
    {
        using IRowSink sink = RowSinks.Create(format, new MemoryStream());

        sink.Should().BeOfType(expected);
        sink.Format.Should().Be(format);
    }

    [Fact]
    public void An_unknown_format_is_refused_with_the_known_ones_listed()
        => FluentActions.Invoking(() => RowSinks.Create("parquet", new MemoryStream()))
            .Should().Throw<ArgumentException>().WithMessage("*'parquet'*csv, jsonl*");

    [Fact]
    public void A_registry_extended_with_a_format_creates_it_and_the_default_is_unchanged()
    {
        RowSinkFactory factory = (output, leaveOpen) => new JsonLinesRowSink(output, leaveOpen);
        RowSinkRegistry extended = RowSinkRegistry.Default.With("ndjson", factory);

        extended.Formats.Should().Equal("csv", "jsonl", "ndjson");
        extended.Contains("ndjson").Should().BeTrue();
        RowSinkRegistry.Default.Formats.Should().Equal("csv", "jsonl");
        using IRowSink sink = extended.Create("ndjson", new MemoryStream());
        sink.Should().BeOfType<JsonLinesRowSink>();
    }

    [Fact]
    public void The_registry_passes_leaveOpen_to_the_sink()
    {
        var stream = new MemoryStream();
        RowSinkRegistry.Default.Create("csv", stream, leaveOpen: false).Dispose();

        stream.CanWrite.Should().BeFalse();
    }

    [Fact]
    public void Format_names_must_be_lower_case()
        => FluentActions.Invoking(() => RowSinkRegistry.Default.With("CSV", (o, l) => new CsvRowSink(o, l)))
            .Should().Throw<ArgumentException>();

    [Fact]
    public void Layout_of_the_reference_contract_is_id_time_features_indicators_label()
    {
        var layout = RowLayout.For(ShipmentTransform.LateDeliveryV1);

        layout.Columns.Should().Equal(
            new LayoutColumn("order_id", LayoutColumnType.EntityId, -1),
            new LayoutColumn("prediction_time", LayoutColumnType.PredictionTime, -1),
            new LayoutColumn("distance_km", LayoutColumnType.Numeric, 0),
            new LayoutColumn("hours_since_last_scan", LayoutColumnType.Numeric, 1),
            new LayoutColumn("origin_backlog", LayoutColumnType.Numeric, 2),
            new LayoutColumn("carrier", LayoutColumnType.Categorical, 3),
            new LayoutColumn("expedited", LayoutColumnType.Boolean, 4),
            new LayoutColumn("origin_backlog_missing", LayoutColumnType.MissingIndicator, 2),
            new LayoutColumn("label", LayoutColumnType.Label, -1));
    }

    [Theory]
    [InlineData("label")]
    [InlineData("order_id")]
    [InlineData("prediction_time")]
    public void A_feature_named_like_a_reserved_column_cannot_be_exported(string name)
    {
        var contract = FeatureContract.Define<QuotingView>("clash", version: 1)
            .Numeric(name, f => f
                .From(ValueSource.Numeric<QuotingView>("clash_amount", [InputField.Predictor("toy_event", "amount")], v => Observation<double>.Missing()))
                .RejectOutside(0, 1)
                .RejectIfMissing())
            .Build();

        FluentActions.Invoking(() => RowLayout.For(contract, "order_id")).Should().Throw<ArgumentException>().WithMessage($"*'{name}'*");
    }
}
