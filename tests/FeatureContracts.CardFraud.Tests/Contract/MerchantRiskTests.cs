using System.Linq;
using FeatureContracts.CardFraud.Contract;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using NodaTime;
using static FeatureContracts.CardFraud.Tests.Builders;

namespace FeatureContracts.CardFraud.Tests.Contract;

/// <summary><c>merchant_risk</c>: the merchant's as-of risk score, at most 24 hours old (inclusive), else missing with its indicator.</summary>
public sealed class MerchantRiskTests
{
    private static FeatureRow RowWith(Instant t, params DomainEvent[] scores) => AcceptedRow(t, [Requested(), .. scores]);

    private static FeatureValue Indicator(FeatureRow row) => row.ColumnValues()[row.Schema.IndexOf("merchant_risk_missing")];

    [Fact]
    public void Latest_visible_score_is_used()
    {
        FeatureRow row = RowWith(Nine, Risk(0.2, Nine - Hours(5)), Risk(0.7, Nine - Hours(1)), Risk(0.4, Nine - Hours(3)));

        row["merchant_risk"].Value.Should().Be(FeatureValue.Numeric(0.7));
        Indicator(row).Should().Be(FeatureValue.Numeric(0));
    }

    [Fact]
    public void Score_recorded_after_T_is_invisible()
    {
        RowWith(Nine, Risk(0.2, Nine - Hours(5)), Risk(0.9, Nine - Hours(1), recordedAt: Nine + Tick))["merchant_risk"].Value
            .Should().Be(FeatureValue.Numeric(0.2));
    }

    [Fact]
    public void Score_exactly_24_hours_old_is_kept()
    {
        FeatureCell cell = RowWith(Nine, Risk(0.2, Nine - Hours(24)))["merchant_risk"];

        cell.Value.Should().Be(FeatureValue.Numeric(0.2));
        cell.FreshnessLag.Should().Be(Hours(24));
    }

    [Fact]
    public void Score_one_tick_older_than_24_hours_is_missing_with_its_indicator_never_stale()
    {
        FeatureRow row = RowWith(Nine, Risk(0.2, Nine - Hours(24) - Tick));

        row["merchant_risk"].Value.Should().Be(FeatureValue.Missing(FeatureKind.Numeric));
        row["merchant_risk"].Notes.Should().Be(CellNotes.BeyondMaxAge | CellNotes.Missing);
        Indicator(row).Should().Be(FeatureValue.Numeric(1));
    }

    [Fact]
    public void A_stale_latest_score_is_not_replaced_by_an_older_one()
    {
        RowWith(Nine, Risk(0.2, Nine - Hours(30)), Risk(0.3, Nine - Hours(25)))["merchant_risk"].IsMissing.Should().BeTrue();
    }

    [Fact]
    public void No_score_is_missing_with_its_indicator()
    {
        FeatureRow row = RowWith(Nine);

        row["merchant_risk"].Notes.Should().Be(CellNotes.Missing);
        Indicator(row).Should().Be(FeatureValue.Numeric(1));
    }

    [Fact]
    public void Another_merchant_s_score_is_not_used()
    {
        RowWith(Nine, Risk(0.9, Nine - Hours(1), merchantId: OtherMerchantId))["merchant_risk"].IsMissing.Should().BeTrue();
    }

    [Fact]
    public void Score_outside_0_to_1_rejects_the_row()
    {
        RowRejection rejection = SingleRejection(Nine, Requested(), Risk(1.5, Nine - Hours(1)));

        rejection.Feature.Should().Be("merchant_risk");
        rejection.Code.Should().Be(RejectionCode.OutOfRange);
        rejection.AttemptedValue.Should().Be("1.5");
    }

    [Fact]
    public void Vectorizer_puts_0_and_its_indicator_for_a_missing_score()
    {
        var vectorizer = CardFraudContract.Vectorizer();
        FeatureRow row = RowWith(Nine);

        double[] vector = vectorizer.Vectorize(row);

        int value = vectorizer.Slots.Single(s => s.Name == "merchant_risk").Index;
        int indicator = vectorizer.Slots.Single(s => s.Feature == "merchant_risk" && s.Kind == FeatureContracts.Vectors.SlotKind.MissingIndicator).Index;
        vector[value].Should().Be(0);
        vector[indicator].Should().Be(1);
    }

    [Fact]
    public void Max_age_of_V1_is_24_hours()
    {
        CardFraudContract.V1["merchant_risk"].MaxAge.Should().Be(Duration.FromHours(24));
    }
}
