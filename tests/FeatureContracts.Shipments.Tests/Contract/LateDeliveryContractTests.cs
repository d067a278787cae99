using System;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Vectors;
using NodaTime;
using static FeatureContracts.Shipments.Tests.Builders;

namespace FeatureContracts.Shipments.Tests.Contract;

public sealed class LateDeliveryContractTests
{
    [Fact]
    public void V1_definition_builds()
    {
        Action build = () => LateDeliveryContract.DefineV1().Build();

        build.Should().NotThrow();
    }

    [Fact]
    public void V1_is_late_delivery_version_1()
    {
        LateDeliveryContract.V1.Name.Should().Be("late_delivery");
        LateDeliveryContract.V1.Version.Should().Be(1);
    }

    [Fact]
    public void V1_keeps_the_fingerprint_its_exports_and_models_were_made_with()
    {
        // Every manifest and model of late_delivery v1 records this value; a change here orphans them all.
        LateDeliveryContract.V1.Fingerprint.Should().Be("bc9931a5f9462c589173a6bded0b635bf2c48aeec0a24d46348e8a63e06749e8");
    }

    [Fact]
    public void V1_pins_the_carrier_vocabulary_and_the_backlog_max_age()
    {
        LateDeliveryContract.CarriersV1.Should().Equal("northline", "swiftpost", "bluefreight", "metrocourier", "parcelwing");
        LateDeliveryContract.OriginBacklogMaxAgeV1.Should().Be(Duration.FromHours(6));
        LateDeliveryContract.V1["origin_backlog"].MaxAge.Should().Be(Duration.FromHours(6));
    }

    [Fact]
    public void V1_schema_columns_are_the_five_features_then_the_backlog_indicator()
    {
        LateDeliveryContract.V1.Schema.Columns.Select(c => (c.Name, c.Type)).Should().Equal(
            ("distance_km", ColumnType.Numeric),
            ("hours_since_last_scan", ColumnType.Numeric),
            ("origin_backlog", ColumnType.Numeric),
            ("carrier", ColumnType.Categorical),
            ("expedited", ColumnType.Boolean),
            ("origin_backlog_missing", ColumnType.MissingIndicator));
    }

    [Fact]
    public void V1_missing_rules_are_those_of_the_design_table()
    {
        FeatureContract v1 = LateDeliveryContract.V1;

        v1["distance_km"].Missing.Rule.Should().Be(MissingRule.RejectRow);
        v1["hours_since_last_scan"].Missing.Should().Be(new MissingPolicy(MissingRule.Fill, FeatureValue.Numeric(168)));
        v1["origin_backlog"].Missing.Should().Be(new MissingPolicy(MissingRule.MissingWithIndicator, IndicatorName: "origin_backlog_missing"));
        v1["carrier"].Missing.Rule.Should().Be(MissingRule.RejectRow);
        v1["expedited"].Missing.Should().Be(new MissingPolicy(MissingRule.DefaultWhereSourceDeclaresAbsence, FeatureValue.Bool(false)));
        ((CategoricalFeatureDefinition)v1["carrier"]).Unseen.Should().Be(new UnseenCategoryPolicy(UnseenAction.MapToBucket, "other"));
        ((NumericFeatureDefinition)v1["hours_since_last_scan"]).Range.Max.Should().Be(168);
    }

    [Fact]
    public void Vectorizer_slots_follow_the_layout_rule()
    {
        FeatureVectorizer vectorizer = LateDeliveryContract.Vectorizer();

        vectorizer.Slots.Select(s => s.Name).Should().Equal(
            "distance_km",
            "hours_since_last_scan",
            "origin_backlog",
            "origin_backlog_missing",
            "carrier=northline",
            "carrier=swiftpost",
            "carrier=bluefreight",
            "carrier=metrocourier",
            "carrier=parcelwing",
            "carrier=other",
            "expedited");
        vectorizer.Slots.Select(s => s.Index).Should().Equal(Enumerable.Range(0, 11));
        vectorizer.Slots[3].Kind.Should().Be(SlotKind.MissingIndicator);
        vectorizer.Slots[9].Kind.Should().Be(SlotKind.UnseenBucket);
    }

    [Fact]
    public void O204_vector_is_the_literal_of_the_design_case()
    {
        FeatureRow row = AcceptedRow(O204History(), O204Backlog(), Nine);

        LateDeliveryContract.Vectorizer().Vectorize(row).Should().Equal(620, 8, 18, 0, 1, 0, 0, 0, 0, 0, 0);
    }

    [Fact]
    public void Missing_backlog_vectorizes_as_imputed_zero_with_indicator_one()
    {
        FeatureRow row = AcceptedRow(O204History(), Timeline(), Nine);

        LateDeliveryContract.Vectorizer().Vectorize(row).Should().Equal(620, 8, 0, 1, 1, 0, 0, 0, 0, 0, 0);
    }

    [Fact]
    public void Unseen_carrier_and_expedited_vectorize_into_their_own_slots()
    {
        FeatureRow row = AcceptedRow(
            History(Placed(carrier: "ghostship", expedited: true), ScanAt("2026-05-01T01:00Z")), O204Backlog(), Nine);

        LateDeliveryContract.Vectorizer().Vectorize(row).Should().Equal(620, 8, 18, 0, 0, 0, 0, 0, 0, 1, 1);
    }
}
