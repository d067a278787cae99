using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using FsCheck.Xunit;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Rows;

public sealed class RowEngineTests
{
    private static readonly Duration SixHours = Duration.FromHours(6);

    private static FeatureContract<ToyView> DistanceRejecting()
        => NumericContract(f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000));

    private static FeatureContract<ToyView> BacklogWithIndicator()
        => NumericContract(f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000), "origin_backlog");

    private static FeatureContract<ToyView> BacklogWithMaxAge(Duration maxAge)
        => NumericContract(f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000).MaxAge(maxAge), "origin_backlog");

    private static FeatureContract<ToyView> CarrierMapping()
        => CategoricalContract(f => f.From(Carrier).Vocabulary("northline", "eastway").MapUnseenTo("other").RejectIfMissing());

    private static FeatureContract<ToyView> ExpeditedDefaulting()
        => BooleanContract(f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false));

    private static ToyView View(Observation<double>? distance = null, Observation<double>? backlog = null)
        => new(T)
        {
            Distance = distance ?? Observation<double>.Missing(),
            Backlog = backlog ?? Observation<double>.Missing(),
        };

    private static ToyView FullView(string entityId = "O-204") => new(T, entityId)
    {
        Distance = Seen(620.0),
        Backlog = Seen(18.0, T - Duration.FromHours(2), "backlog_measured"),
        Carrier = Seen("northline"),
        Expedited = Observation<bool>.AbsentByDeclaration(Event("order_placed", T - Duration.FromHours(1))),
    };

    // ---- numeric values and missing rules ------------------------------------------------------------

    [Fact]
    public void Present_value_inside_the_range_passes_unchanged()
    {
        FeatureCell cell = DistanceRejecting().Accept(View(distance: Seen(620.0)))["distance_km"];

        cell.Value.Should().Be(FeatureValue.Numeric(620));
        cell.Notes.Should().Be(CellNotes.None);
        cell.ObservedValue.Should().BeNull();
    }

    [Fact]
    public void Missing_value_under_RejectIfMissing_rejects_the_row_with_MissingValue()
    {
        RowRejection rejection = DistanceRejecting().RejectOnce(View());

        rejection.Feature.Should().Be("distance_km");
        rejection.Code.Should().Be(RejectionCode.MissingValue);
        rejection.AttemptedValue.Should().BeNull();
    }

    [Fact]
    public void Missing_value_under_FillMissingWith_takes_the_fill_value_and_is_noted_Filled()
    {
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).FillMissingWith(168).CapAt(168), "hours_since_last_scan");

        FeatureCell cell = contract.Accept(View())["hours_since_last_scan"];

        cell.Value.Should().Be(FeatureValue.Numeric(168));
        cell.Notes.Should().Be(CellNotes.Filled);
        cell.IsMissing.Should().BeFalse();
    }

    [Fact]
    public void Missing_value_under_EmitMissingWithIndicator_stays_missing_and_is_never_zero()
    {
        FeatureRow row = BacklogWithIndicator().Accept(View());
        FeatureCell cell = row["origin_backlog"];

        cell.IsMissing.Should().BeTrue();
        cell.Value.IsMissing.Should().BeTrue();
        cell.Value.Number.Should().BeNull();
        cell.Value.Should().NotBe(FeatureValue.Numeric(0));
        cell.Notes.Should().Be(CellNotes.Missing);
    }

    [Fact]
    public void Missing_value_under_EmitMissingWithIndicator_sets_its_indicator_column_to_1()
    {
        FeatureRow row = BacklogWithIndicator().Accept(View());

        row.Schema.Columns.Select(c => c.Name).Should().Equal("origin_backlog", "origin_backlog_missing");
        row.ColumnValues().Should().Equal(FeatureValue.Missing(FeatureKind.Numeric), FeatureValue.Numeric(1));
    }

    [Fact]
    public void Present_value_under_EmitMissingWithIndicator_sets_its_indicator_column_to_0()
    {
        FeatureRow row = BacklogWithIndicator().Accept(View(backlog: Seen(18.0)));

        row.ColumnValues().Should().Equal(FeatureValue.Numeric(18), FeatureValue.Numeric(0));
        row["origin_backlog"].Notes.Should().Be(CellNotes.None);
    }

    // ---- ranges ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(5000.5, "5000.5")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(1e21, "1E+21")]
    public void Value_outside_a_rejecting_range_is_OutOfRange_with_the_value_in_invariant_round_trip_form(double value, string attempted)
    {
        RowRejection rejection = DistanceRejecting().RejectOnce(View(distance: Seen(value)));

        rejection.Feature.Should().Be("distance_km");
        rejection.Code.Should().Be(RejectionCode.OutOfRange);
        rejection.AttemptedValue.Should().Be(attempted);
        rejection.Message.Should().Contain(attempted).And.Contain("[0, 5000]");
    }

    [Fact]
    public void Value_one_ulp_above_the_maximum_is_OutOfRange_with_all_its_digits()
    {
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).RejectIfMissing().RejectOutside(0, 0.3));

        RowRejection rejection = contract.RejectOnce(View(distance: Seen(0.1 + 0.2)));

        rejection.Code.Should().Be(RejectionCode.OutOfRange);
        rejection.AttemptedValue.Should().Be("0.30000000000000004");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(5000.0)]
    public void Range_bounds_are_inclusive(double value)
    {
        FeatureCell cell = DistanceRejecting().Accept(View(distance: Seen(value)))["distance_km"];

        cell.Value.Should().Be(FeatureValue.Numeric(value));
        cell.Notes.Should().Be(CellNotes.None);
    }

    [Theory]
    [InlineData(1200.0, 1000.0, "1200")]
    [InlineData(-5.5, 0.0, "-5.5")]
    public void Value_outside_a_clamping_range_is_clamped_and_noted_with_the_observed_value(double value, double clamped, string observed)
    {
        FeatureCell cell = BacklogWithIndicator().Accept(View(backlog: Seen(value)))["origin_backlog"];

        cell.Value.Should().Be(FeatureValue.Numeric(clamped));
        cell.Notes.Should().Be(CellNotes.Clamped);
        cell.ObservedValue.Should().Be(observed);
    }

    [Fact]
    public void Value_exactly_at_a_clamping_bound_is_not_noted_Clamped()
    {
        FeatureCell cell = BacklogWithIndicator().Accept(View(backlog: Seen(1000.0)))["origin_backlog"];

        cell.Value.Should().Be(FeatureValue.Numeric(1000));
        cell.Notes.Should().Be(CellNotes.None);
        cell.ObservedValue.Should().BeNull();
    }

    [Fact]
    public void CapAt_clamps_values_above_the_cap_and_noted_Clamped()
    {
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).FillMissingWith(168).CapAt(168), "hours_since_last_scan");

        FeatureCell cell = contract.Accept(View(distance: Seen(200.25)))["hours_since_last_scan"];

        cell.Value.Should().Be(FeatureValue.Numeric(168));
        cell.Notes.Should().Be(CellNotes.Clamped);
        cell.ObservedValue.Should().Be("200.25");
    }

    [Fact]
    public void CapAt_leaves_values_below_the_cap_alone_however_low()
    {
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).FillMissingWith(168).CapAt(168), "hours_since_last_scan");

        FeatureCell cell = contract.Accept(View(distance: Seen(-1e9)))["hours_since_last_scan"];

        cell.Value.Should().Be(FeatureValue.Numeric(-1e9));
        cell.Notes.Should().Be(CellNotes.None);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Non_finite_value_is_NotFinite_even_when_the_missing_rule_would_fill(double value, string attempted)
    {
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).FillMissingWith(168).CapAt(168), "hours_since_last_scan");

        RowRejection rejection = contract.RejectOnce(View(distance: Seen(value)));

        rejection.Feature.Should().Be("hours_since_last_scan");
        rejection.Code.Should().Be(RejectionCode.NotFinite);
        rejection.AttemptedValue.Should().Be(attempted);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_finite_value_is_NotFinite_not_missing_and_not_clamped_under_an_indicator_rule(double value)
    {
        RowRejection rejection = BacklogWithIndicator().RejectOnce(View(backlog: Seen(value)));

        rejection.Code.Should().Be(RejectionCode.NotFinite);
    }

    // ---- categories ------------------------------------------------------------------------------------

    [Fact]
    public void Category_in_the_vocabulary_is_kept()
    {
        FeatureCell cell = CarrierMapping().Accept(new ToyView(T) { Carrier = Seen("eastway") })["carrier"];

        cell.Value.Should().Be(FeatureValue.Categorical("eastway"));
        cell.Notes.Should().Be(CellNotes.None);
        cell.ObservedValue.Should().BeNull();
    }

    [Fact]
    public void Unseen_category_maps_to_the_bucket_and_is_noted_with_the_raw_code()
    {
        FeatureCell cell = CarrierMapping().Accept(new ToyView(T) { Carrier = Seen("westco") })["carrier"];

        cell.Value.Should().Be(FeatureValue.Categorical("other"));
        cell.Notes.Should().Be(CellNotes.UnseenMapped);
        cell.ObservedValue.Should().Be("westco");
    }

    [Fact]
    public void Category_matching_is_ordinal_and_case_sensitive()
    {
        FeatureCell cell = CarrierMapping().Accept(new ToyView(T) { Carrier = Seen("Northline") })["carrier"];

        cell.Value.Should().Be(FeatureValue.Categorical("other"));
        cell.Notes.Should().Be(CellNotes.UnseenMapped);
        cell.ObservedValue.Should().Be("Northline");
    }

    [Fact]
    public void Unseen_category_under_RejectUnseen_is_UnseenCategory_with_the_raw_code()
    {
        FeatureContract<ToyView> contract = CategoricalContract(f => f.From(Carrier).Vocabulary("northline").RejectUnseen().RejectIfMissing());

        RowRejection rejection = contract.RejectOnce(new ToyView(T) { Carrier = Seen("westco") });

        rejection.Feature.Should().Be("carrier");
        rejection.Code.Should().Be(RejectionCode.UnseenCategory);
        rejection.AttemptedValue.Should().Be("westco");
    }

    [Fact]
    public void Missing_category_is_not_mapped_to_the_unseen_bucket()
    {
        RowRejection rejection = CarrierMapping().RejectOnce(new ToyView(T));

        rejection.Feature.Should().Be("carrier");
        rejection.Code.Should().Be(RejectionCode.MissingValue);
    }

    [Fact]
    public void Empty_category_code_counts_as_missing_not_as_unseen()
    {
        FeatureContract<ToyView> contract = CategoricalContract(
            f => f.From(Carrier).Vocabulary("northline").MapUnseenTo("other").EmitMissingWithIndicator());

        FeatureCell cell = contract.Accept(new ToyView(T) { Carrier = Seen(string.Empty) })["carrier"];

        cell.IsMissing.Should().BeTrue();
        cell.Notes.Should().Be(CellNotes.Missing);
    }

    // ---- booleans and declared absence -------------------------------------------------------------------

    [Fact]
    public void Present_boolean_is_kept()
    {
        FeatureCell cell = ExpeditedDefaulting().Accept(new ToyView(T) { Expedited = Seen(true) })["expedited"];

        cell.Value.Should().Be(FeatureValue.Bool(true));
        cell.Notes.Should().Be(CellNotes.None);
    }

    [Fact]
    public void Absence_declared_by_the_source_takes_the_default_and_is_noted()
    {
        var view = new ToyView(T) { Expedited = Observation<bool>.AbsentByDeclaration(Event("order_placed", T - Duration.FromHours(1))) };

        FeatureCell cell = ExpeditedDefaulting().Accept(view)["expedited"];

        cell.Value.Should().Be(FeatureValue.Bool(false));
        cell.Notes.Should().Be(CellNotes.DefaultedByDeclaredAbsence);
    }

    [Fact]
    public void Plain_missing_boolean_under_declared_absence_default_is_MissingValue()
    {
        RowRejection rejection = ExpeditedDefaulting().RejectOnce(new ToyView(T) { Expedited = Observation<bool>.Missing() });

        rejection.Feature.Should().Be("expedited");
        rejection.Code.Should().Be(RejectionCode.MissingValue);
    }

    [Fact]
    public void Declared_absence_under_a_rule_that_does_not_use_it_is_plainly_missing()
    {
        FeatureContract<ToyView> contract = BooleanContract(f => f.From(Expedited).RejectIfMissing());

        RowRejection rejection = contract.RejectOnce(new ToyView(T) { Expedited = Observation<bool>.AbsentByDeclaration() });

        rejection.Code.Should().Be(RejectionCode.MissingValue);
    }

    // ---- max age -------------------------------------------------------------------------------------------

    [Fact]
    public void Value_exactly_max_age_old_is_kept()
    {
        FeatureCell cell = BacklogWithMaxAge(SixHours).Accept(View(backlog: Seen(18.0, T - SixHours)))["origin_backlog"];

        cell.Value.Should().Be(FeatureValue.Numeric(18));
        cell.Notes.Should().Be(CellNotes.None);
    }

    [Fact]
    public void Value_one_tick_older_than_max_age_counts_as_missing_never_as_the_stale_value()
    {
        FeatureRow row = BacklogWithMaxAge(SixHours).Accept(View(backlog: Seen(18.0, T - SixHours - OneTick)));
        FeatureCell cell = row["origin_backlog"];

        cell.IsMissing.Should().BeTrue();
        cell.Value.Number.Should().BeNull();
        cell.Notes.Should().Be(CellNotes.Missing | CellNotes.BeyondMaxAge);
        row.ColumnValues()[1].Should().Be(FeatureValue.Numeric(1));
    }

    [Fact]
    public void Value_older_than_max_age_under_RejectIfMissing_is_MissingValue_naming_the_max_age()
    {
        FeatureContract<ToyView> contract = NumericContract(
            f => f.From(Backlog).RejectIfMissing().ClampTo(0, 1000).MaxAge(SixHours), "origin_backlog");

        RowRejection rejection = contract.RejectOnce(View(backlog: Seen(18.0, T - Duration.FromHours(7))));

        rejection.Feature.Should().Be("origin_backlog");
        rejection.Code.Should().Be(RejectionCode.MissingValue);
        rejection.Message.Should().Contain("max age");
    }

    [Fact]
    public void Value_older_than_max_age_under_FillMissingWith_takes_the_fill_value()
    {
        FeatureContract<ToyView> contract = NumericContract(
            f => f.From(Backlog).FillMissingWith(0).ClampTo(0, 1000).MaxAge(SixHours), "origin_backlog");

        FeatureCell cell = contract.Accept(View(backlog: Seen(18.0, T - Duration.FromHours(7))))["origin_backlog"];

        cell.Value.Should().Be(FeatureValue.Numeric(0));
        cell.Notes.Should().Be(CellNotes.Filled | CellNotes.BeyondMaxAge);
    }

    [Fact]
    public void A_stale_as_of_value_goes_stale_even_when_its_source_also_lists_an_event_at_T()
    {
        // The source read the 7-hour-old as-of backlog and, to find it, the order placed at T. The value is the
        // backlog's: it must count as missing past the max age, not be kept young by the order.
        var backlog = Observation<double>.Present(
            18.0,
            Event("backlog_measured", T - Duration.FromHours(7)),
            Event("order_placed", T));

        FeatureCell cell = BacklogWithMaxAge(SixHours).Accept(View(backlog: backlog))["origin_backlog"];

        cell.IsMissing.Should().BeTrue();
        cell.Notes.Should().Be(CellNotes.Missing | CellNotes.BeyondMaxAge);
        cell.FreshnessLag.Should().Be(Duration.FromHours(7));
    }

    [Fact]
    public void A_value_naming_the_event_it_came_from_is_judged_by_that_event_wherever_the_context_lies()
    {
        var stale = Observation<double>.Present(
            18.0,
            valueFrom: Event("backlog_measured", T - Duration.FromHours(7)),
            context: [Event("order_placed", T), Event("scan", T - Duration.FromMinutes(5))]);
        var fresh = Observation<double>.Present(
            18.0,
            valueFrom: Event("backlog_measured", T - Duration.FromHours(2)),
            context: [Event("order_placed", T - Duration.FromHours(30))]);

        BacklogWithMaxAge(SixHours).Accept(View(backlog: stale))["origin_backlog"].Notes.Should().Be(CellNotes.Missing | CellNotes.BeyondMaxAge);
        FeatureCell kept = BacklogWithMaxAge(SixHours).Accept(View(backlog: fresh))["origin_backlog"];
        kept.Value.Should().Be(FeatureValue.Numeric(18), "an old context event does not age the value either");
        kept.Notes.Should().Be(CellNotes.None);
        kept.FreshnessLag.Should().Be(Duration.FromHours(2));
        kept.Lineage.Select(l => l.EventType).Should().Equal("backlog_measured", "order_placed");
    }

    [Fact]
    public void The_value_event_of_a_plain_lineage_is_its_first_entry()
    {
        LineageEntry first = Event("backlog_measured", T - Duration.FromHours(30));

        Observation<double>.Present(18.0, first, Event("backlog_measured", T - Duration.FromHours(2))).ValueFrom.Should().Be(first);
        Observation<double>.Present(18.0, [first, Event("scan", T)]).ValueFrom.Should().Be(first);
        Observation<bool>.AbsentByDeclaration(first, Event("scan", T)).ValueFrom.Should().Be(first);
        Observation<double>.Present(18.0).ValueFrom.Should().BeNull();
        Observation<double>.Missing().ValueFrom.Should().BeNull();
    }

    [Fact]
    public void A_declared_absence_goes_stale_with_its_own_event_not_with_fresher_context()
    {
        FeatureContract<ToyView> contract = BooleanContract(f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false).MaxAge(SixHours));
        var view = new ToyView(T)
        {
            Expedited = Observation<bool>.AbsentByDeclaration(Event("order_placed", T - Duration.FromHours(7)), Event("scan", T)),
        };

        contract.RejectOnce(view).Code.Should().Be(RejectionCode.MissingValue);
    }

    [Property(MaxTest = 300)]
    public bool Max_age_and_freshness_lag_depend_on_the_value_event_alone(ushort valueAgeMinutes, List<ushort> contextAgesMinutes, bool explicitValueFrom)
    {
        // Whatever context a source lists (older, younger, at T), and however it is passed, only the value's event counts.
        Duration valueAge = Duration.FromMinutes(valueAgeMinutes % 720);
        LineageEntry valueFrom = Event("backlog_measured", T - valueAge);
        LineageEntry[] context = [.. contextAgesMinutes.Select(m => Event("order_placed", T - Duration.FromMinutes(m % 720)))];
        Observation<double> backlog = explicitValueFrom
            ? Observation<double>.Present(18.0, valueFrom: valueFrom, context: context)
            : Observation<double>.Present(18.0, [valueFrom, .. context]);

        FeatureCell cell = BacklogWithMaxAge(SixHours).Accept(View(backlog: backlog))["origin_backlog"];

        bool stale = valueAge > SixHours;
        return cell.FreshnessLag == valueAge
            && cell.IsMissing == stale
            && cell.Notes == (stale ? CellNotes.Missing | CellNotes.BeyondMaxAge : CellNotes.None);
    }

    [Fact]
    public void Present_value_without_lineage_under_a_max_age_counts_as_missing()
    {
        FeatureCell cell = BacklogWithMaxAge(SixHours).Accept(View(backlog: Observation<double>.Present(18.0)))["origin_backlog"];

        cell.IsMissing.Should().BeTrue();
        cell.Notes.Should().Be(CellNotes.Missing | CellNotes.BeyondMaxAge);
    }

    [Fact]
    public void Present_value_without_lineage_and_without_a_max_age_is_kept()
    {
        FeatureCell cell = BacklogWithIndicator().Accept(View(backlog: Observation<double>.Present(18.0)))["origin_backlog"];

        cell.Value.Should().Be(FeatureValue.Numeric(18));
        cell.FreshnessLag.Should().BeNull();
    }

    [Fact]
    public void Present_boolean_older_than_max_age_under_declared_absence_default_is_MissingValue()
    {
        FeatureContract<ToyView> contract = BooleanContract(f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false).MaxAge(SixHours));

        RowRejection rejection = contract.RejectOnce(new ToyView(T) { Expedited = Seen(true, T - Duration.FromHours(7)) });

        rejection.Code.Should().Be(RejectionCode.MissingValue);
    }

    [Fact]
    public void Declared_absence_from_an_event_within_max_age_takes_the_default()
    {
        FeatureContract<ToyView> contract = BooleanContract(f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false).MaxAge(SixHours));
        var view = new ToyView(T) { Expedited = Observation<bool>.AbsentByDeclaration(Event("order_placed", T - SixHours)) };

        FeatureCell cell = contract.Accept(view)["expedited"];

        cell.Value.Should().Be(FeatureValue.Bool(false));
        cell.Notes.Should().Be(CellNotes.DefaultedByDeclaredAbsence);
    }

    [Fact]
    public void Declared_absence_from_an_event_older_than_max_age_counts_as_missing_like_a_present_value_would()
    {
        // The declared absence is a value (false) that came from an event; if that event is older than the max age
        // the value is stale, exactly as a present 'true' from the same event would be. Otherwise a max age on a
        // boolean drops stale trues but keeps stale falses.
        FeatureContract<ToyView> contract = BooleanContract(f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false).MaxAge(SixHours));
        var view = new ToyView(T) { Expedited = Observation<bool>.AbsentByDeclaration(Event("order_placed", T - Duration.FromHours(7))) };

        RowRejection rejection = contract.RejectOnce(view);

        rejection.Feature.Should().Be("expedited");
        rejection.Code.Should().Be(RejectionCode.MissingValue);
    }

    // ---- the per-row leakage gate ---------------------------------------------------------------------------

    [Fact]
    public void Lineage_recorded_one_tick_after_T_is_LineageAfterPredictionInstant()
    {
        var leaky = Observation<double>.Present(620.0, Event("order_placed", T - Duration.FromHours(1), T + OneTick, id: "evt-9"));

        RowRejection rejection = DistanceRejecting().RejectOnce(View(distance: leaky));

        rejection.Feature.Should().Be("distance_km");
        rejection.Code.Should().Be(RejectionCode.LineageAfterPredictionInstant);
        rejection.AttemptedValue.Should().Be("evt-9");
        rejection.Message.Should().Contain("evt-9");
    }

    [Fact]
    public void Lineage_that_occurred_after_T_is_LineageAfterPredictionInstant_even_if_recorded_by_T()
    {
        var inconsistent = Observation<double>.Present(620.0, Event("order_placed", T + OneTick, T, id: "evt-future"));

        RowRejection rejection = DistanceRejecting().RejectOnce(View(distance: inconsistent));

        rejection.Code.Should().Be(RejectionCode.LineageAfterPredictionInstant);
    }

    [Fact]
    public void Lineage_recorded_exactly_at_T_passes_the_gate()
    {
        var edge = Observation<double>.Present(620.0, Event("order_placed", T - Duration.FromHours(1), T));

        DistanceRejecting().Accept(View(distance: edge))["distance_km"].Value.Should().Be(FeatureValue.Numeric(620));
    }

    [Fact]
    public void Leakage_gate_checks_every_lineage_entry_not_only_the_freshest()
    {
        var mixed = Observation<double>.Present(
            620.0,
            Event("order_placed", T - Duration.FromHours(3)),
            Event("scan", T - Duration.FromHours(4), T + Duration.FromMinutes(5), id: "late-scan"));

        RowRejection rejection = DistanceRejecting().RejectOnce(View(distance: mixed));

        rejection.Code.Should().Be(RejectionCode.LineageAfterPredictionInstant);
        rejection.AttemptedValue.Should().Be("late-scan");
    }

    [Fact]
    public void Leakage_gate_refuses_a_declared_absence_whose_lineage_is_after_T()
    {
        var view = new ToyView(T) { Expedited = Observation<bool>.AbsentByDeclaration(Event("order_placed", T + OneTick)) };

        RowRejection rejection = ExpeditedDefaulting().RejectOnce(view);

        rejection.Code.Should().Be(RejectionCode.LineageAfterPredictionInstant);
    }

    [Fact]
    public void Leakage_gate_wins_over_a_fill_rule()
    {
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).FillMissingWith(168).CapAt(168), "hours_since_last_scan");

        RowRejection rejection = contract.RejectOnce(View(distance: Seen(3.0, T + Duration.FromHours(1))));

        rejection.Code.Should().Be(RejectionCode.LineageAfterPredictionInstant);
    }

    // ---- several features, freshness, identity -----------------------------------------------------------------

    [Fact]
    public void Every_failing_feature_is_listed_in_feature_order()
    {
        var view = new ToyView(T)
        {
            Distance = Seen(9999.0),
            Backlog = Seen(double.NaN),
            Carrier = Observation<string>.Missing(),
            Expedited = Observation<bool>.Missing(),
        };

        RowResult result = Reference().Build().BuildTestRow(view);

        result.IsAccepted.Should().BeFalse();
        result.Row.Should().BeNull();
        result.Rejections.Select(r => (r.Feature, r.Code)).Should().Equal(
            ("distance_km", RejectionCode.OutOfRange),
            ("origin_backlog", RejectionCode.NotFinite),
            ("carrier", RejectionCode.MissingValue),
            ("expedited", RejectionCode.MissingValue));
    }

    [Fact]
    public void Freshness_lag_is_T_minus_the_occurred_at_of_the_event_the_value_came_from_not_of_the_freshest_entry()
    {
        var backlog = Observation<double>.Present(
            18.0,
            Event("backlog_measured", At("2026-05-01T03:00:00Z")),
            Event("backlog_measured", At("2026-05-01T05:00:00Z"), recordedAt: At("2026-05-01T08:30:00Z")),
            Event("backlog_measured", At("2026-05-01T01:00:00Z")));

        FeatureCell cell = BacklogWithIndicator().Accept(View(backlog: backlog))["origin_backlog"];

        cell.FreshnessLag.Should().Be(Duration.FromHours(6));
        cell.Lineage.Should().HaveCount(3);
    }

    [Fact]
    public void Filled_cell_keeps_no_freshness_lag_without_lineage()
    {
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).FillMissingWith(168).CapAt(168), "hours_since_last_scan");

        contract.Accept(View())["hours_since_last_scan"].FreshnessLag.Should().BeNull();
    }

    [Fact]
    public void Row_carries_the_contract_identity_the_transform_version_the_entity_and_T()
    {
        FeatureContract<ToyView> contract = Reference("late_delivery", 4).Build();

        FeatureRow row = contract.BuildRow(FullView("O-204"), "transform-7").GetRowOrThrow();

        row.ContractName.Should().Be("late_delivery");
        row.ContractVersion.Should().Be(4);
        row.Fingerprint.Should().Be(contract.Fingerprint);
        row.TransformVersion.Should().Be("transform-7");
        row.EntityId.Should().Be("O-204");
        row.PredictionInstant.Should().Be(At("2026-05-01T09:00:00Z"));
        row.Cells.Select(c => c.Feature).Should().Equal("distance_km", "origin_backlog", "carrier", "expedited");
    }

    [Fact]
    public void Reference_row_holds_the_worked_example_values()
    {
        FeatureRow row = Reference().Build().Accept(FullView());

        row.ColumnValues().Should().Equal(
            FeatureValue.Numeric(620),
            FeatureValue.Numeric(18),
            FeatureValue.Categorical("northline"),
            FeatureValue.Bool(false),
            FeatureValue.Numeric(0));
    }

    [Fact]
    public void Row_lineage_is_every_cells_lineage()
    {
        FeatureRow row = Reference().Build().Accept(FullView());

        row.Lineage.Select(e => e.EventType).Should().Equal("order_placed", "backlog_measured", "order_placed", "order_placed");
    }

    [Fact]
    public void Row_indexer_throws_for_an_unknown_feature()
    {
        FeatureRow row = Reference().Build().Accept(FullView());

        row.Invoking(r => r["eta"]).Should().Throw<KeyNotFoundException>();
    }

    [Fact]
    public void GetRowOrThrow_on_a_rejected_row_throws_RowRejectedException_listing_every_reason()
    {
        var view = new ToyView(T, "O-9") { Distance = Seen(-1.0), Backlog = Seen(1.0), Carrier = Seen("northline"), Expedited = Observation<bool>.Missing() };
        RowResult result = Reference().Build().BuildTestRow(view);

        RowRejectedException ex = result.Invoking(r => r.GetRowOrThrow()).Should().Throw<RowRejectedException>().Which;

        ex.EntityId.Should().Be("O-9");
        ex.Rejections.Select(r => r.Code).Should().Equal(RejectionCode.OutOfRange, RejectionCode.MissingValue);
        ex.Message.Should().Contain("O-9").And.Contain("distance_km").And.Contain("expedited");
    }

    [Fact]
    public void Rejected_result_carries_the_entity_and_T()
    {
        RowResult result = DistanceRejecting().BuildTestRow(new ToyView(T, "O-77"));

        result.EntityId.Should().Be("O-77");
        result.PredictionInstant.Should().Be(T);
    }

    [Fact]
    public void Transform_version_must_not_be_blank()
    {
        DistanceRejecting().Invoking(c => c.BuildRow(View(distance: Seen(1.0)), " ")).Should().Throw<System.ArgumentException>();
    }

    // ---- equality -------------------------------------------------------------------------------------------------

    [Fact]
    public void Rows_built_from_equal_inputs_are_equal()
    {
        FeatureContract<ToyView> contract = Reference().Build();

        FeatureRow first = contract.Accept(FullView());
        FeatureRow second = contract.Accept(FullView());

        first.Should().NotBeSameAs(second);
        first.Equals(second).Should().BeTrue();
        first.GetHashCode().Should().Be(second.GetHashCode());
    }

    [Fact]
    public void Rows_built_by_two_independent_builds_of_the_same_contract_are_equal()
    {
        FeatureRow first = Reference().Build().Accept(FullView());
        FeatureRow second = Reference().Build().Accept(FullView());

        first.Equals(second).Should().BeTrue();
    }

    [Fact]
    public void Rows_differing_in_one_value_are_not_equal()
    {
        FeatureContract<ToyView> contract = Reference().Build();
        ToyView baseline = FullView();
        var changed = new ToyView(T, "O-204")
        {
            Distance = Seen(620.5),
            Backlog = baseline.Backlog,
            Carrier = baseline.Carrier,
            Expedited = baseline.Expedited,
        };

        contract.Accept(baseline).Equals(contract.Accept(changed)).Should().BeFalse();
    }

    [Fact]
    public void Rows_differing_only_in_lineage_are_not_equal()
    {
        FeatureContract<ToyView> contract = DistanceRejecting();

        FeatureRow first = contract.Accept(View(distance: Seen(620.0, T - Duration.FromHours(1))));
        FeatureRow second = contract.Accept(View(distance: Seen(620.0, T - Duration.FromHours(2))));

        first.Equals(second).Should().BeFalse();
    }

    [Fact]
    public void Rows_differing_only_in_the_sign_of_zero_are_not_equal()
    {
        // Pinned deliberately: row equality is bit-exact, so 0.0 and -0.0 are different rows.
        FeatureContract<ToyView> contract = NumericContract(f => f.From(Distance).RejectIfMissing().RejectOutside(-1, 1));
        Instant occurred = T - Duration.FromHours(1);

        FeatureRow positive = contract.Accept(View(distance: Seen(0.0, occurred)));
        FeatureRow negative = contract.Accept(View(distance: Seen(-0.0, occurred)));

        positive.Equals(negative).Should().BeFalse();
    }

    [Fact]
    public void Rows_for_different_transform_versions_are_not_equal()
    {
        FeatureContract<ToyView> contract = Reference().Build();

        contract.BuildRow(FullView(), "a").Row!.Equals(contract.BuildRow(FullView(), "b").Row).Should().BeFalse();
    }
}
