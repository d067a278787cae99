using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Tests;

/// <summary>
/// A tiny parcel-like domain for the core tests: a view whose raw observations the test sets directly,
/// sources over it, and shorthands for instants and lineage.
/// </summary>
public sealed class ToyView : IPointInTimeView
{
    public ToyView(Instant predictionInstant, string entityId = "toy-1")
    {
        PredictionInstant = predictionInstant;
        EntityId = entityId;
    }

    public Instant PredictionInstant { get; }

    public string EntityId { get; }

    public Observation<double> Distance { get; init; } = Observation<double>.Missing();

    public Observation<double> Backlog { get; init; } = Observation<double>.Missing();

    public Observation<string> Carrier { get; init; } = Observation<string>.Missing();

    public Observation<bool> Expedited { get; init; } = Observation<bool>.Missing();
}

internal static class Toy
{
    /// <summary>The prediction instant most tests use: 2026-05-01T09:00Z.</summary>
    public static readonly Instant T = At("2026-05-01T09:00:00Z");

    public static readonly Duration OneTick = Duration.FromTicks(1);

    public static readonly InputField DistanceField = InputField.Predictor("order_placed", "distance_km");
    public static readonly InputField BacklogField = InputField.Predictor("backlog_measured", "queue_length");
    public static readonly InputField CarrierField = InputField.Predictor("order_placed", "carrier");
    public static readonly InputField ExpeditedField = InputField.Predictor("order_placed", "expedited").AbsenceMeaning(false);
    public static readonly InputField ExpeditedFieldWithoutDeclaration = InputField.Predictor("order_placed", "expedited");
    public static readonly InputField DeliveredAt = InputField.OutcomeOnly("delivered", "occurred_at");

    public static readonly ValueSource<ToyView, double> Distance =
        ValueSource.Numeric<ToyView>("toy.distance", [DistanceField], v => v.Distance);

    public static readonly ValueSource<ToyView, double> Backlog =
        ValueSource.Numeric<ToyView>("toy.backlog", [BacklogField], v => v.Backlog);

    public static readonly ValueSource<ToyView, string> Carrier =
        ValueSource.Categorical<ToyView>("toy.carrier", [CarrierField], v => v.Carrier);

    public static readonly ValueSource<ToyView, bool> Expedited =
        ValueSource.Boolean<ToyView>("toy.expedited", [ExpeditedField], v => v.Expedited);

    public static readonly ValueSource<ToyView, bool> ExpeditedWithoutDeclaration =
        ValueSource.Boolean<ToyView>("toy.expedited_undeclared", [ExpeditedFieldWithoutDeclaration], v => v.Expedited);

    /// <summary>A leaky source: it reads the delivery instant, an outcome-only field.</summary>
    public static readonly ValueSource<ToyView, double> HoursToDelivery =
        ValueSource.Numeric<ToyView>("toy.hours_to_delivery", [DistanceField, DeliveredAt], v => v.Distance);

    public static Instant At(string iso) => InstantPattern.ExtendedIso.Parse(iso).GetValueOrThrow();

    /// <summary>A lineage entry; recorded_at defaults to occurred_at.</summary>
    public static LineageEntry Event(string type, Instant occurredAt, Instant? recordedAt = null, string? id = null)
        => new(type, id, occurredAt, recordedAt ?? occurredAt);

    /// <summary>A present value from one event that occurred (and was recorded) at <paramref name="occurredAt"/>.</summary>
    public static Observation<TValue> Seen<TValue>(TValue value, Instant occurredAt, string type = "order_placed", string? id = null)
        => Observation<TValue>.Present(value, Event(type, occurredAt, id: id));

    /// <summary>A present value from one event an hour before <see cref="T"/>.</summary>
    public static Observation<TValue> Seen<TValue>(TValue value) => Seen(value, T - Duration.FromHours(1));

    public static FeatureContractBuilder<ToyView> Define(string name = "toy", int version = 1)
        => FeatureContract.Define<ToyView>(name, version);

    /// <summary>A valid four-feature contract shaped like the reference contract.</summary>
    public static FeatureContractBuilder<ToyView> Reference(string name = "toy", int version = 1)
        => Define(name, version)
            .Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000))
            .Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000).MaxAge(Duration.FromHours(6)))
            .Categorical("carrier", f => f.From(Carrier).Vocabulary("northline", "eastway").MapUnseenTo("other").RejectIfMissing())
            .Boolean("expedited", f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false));

    /// <summary>Builds the definition and returns every problem it reports; fails the test if it builds.</summary>
    public static IReadOnlyList<ContractProblem> ProblemsOf(FeatureContractBuilder<ToyView> builder)
    {
        try
        {
            builder.Build();
        }
        catch (ContractDefinitionException ex)
        {
            return ex.Problems;
        }

        throw new InvalidOperationException("The definition built, but problems were expected.");
    }

    /// <summary>Builds a one-feature contract with a numeric feature configured by <paramref name="configure"/>.</summary>
    public static FeatureContract<ToyView> NumericContract(Action<NumericFeatureBuilder<ToyView>> configure, string name = "distance_km")
        => Define().Numeric(name, configure).Build();

    public static FeatureContract<ToyView> CategoricalContract(Action<CategoricalFeatureBuilder<ToyView>> configure)
        => Define().Categorical("carrier", configure).Build();

    public static FeatureContract<ToyView> BooleanContract(Action<BooleanFeatureBuilder<ToyView>> configure)
        => Define().Boolean("expedited", configure).Build();

    public static RowResult BuildTestRow(this FeatureContract<ToyView> contract, ToyView view) => contract.BuildRow(view, "test-1");

    public static FeatureRow Accept(this FeatureContract<ToyView> contract, ToyView view)
    {
        RowResult result = contract.BuildRow(view, "test-1");
        result.IsAccepted.Should().BeTrue("the row should be accepted, but was rejected: {0}", string.Join("; ", result.Rejections));
        return result.Row!;
    }

    public static RowRejection RejectOnce(this FeatureContract<ToyView> contract, ToyView view)
    {
        RowResult result = contract.BuildRow(view, "test-1");
        result.IsAccepted.Should().BeFalse("the row should be rejected, but was {0}", result);
        return result.Rejections.Should().ContainSingle().Subject;
    }

    public static IEnumerable<(string? Feature, ContractProblemCode Code)> Pairs(this IEnumerable<ContractProblem> problems)
        => problems.Select(p => (p.Feature, p.Code));
}
