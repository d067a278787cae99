using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using FeatureContracts.Contracts;
using FeatureContracts.Sources;
using FeatureContracts.Time;
using NodaTime;

namespace FeatureContracts.Rows;

/// <summary>Applies a contract's policies to the raw values its sources read from a view.</summary>
internal sealed class RowEngine<TView>
    where TView : IPointInTimeView
{
    private readonly FeatureContract<TView> _contract;
    private readonly FrozenSet<string>?[] _vocabularies;

    public RowEngine(FeatureContract<TView> contract)
    {
        _contract = contract;
        _vocabularies = new FrozenSet<string>?[contract.Features.Length];
        for (int i = 0; i < contract.Features.Length; i++)
        {
            if (contract.Features[i] is CategoricalFeatureDefinition categorical)
            {
                _vocabularies[i] = categorical.Vocabulary.ToFrozenSet(StringComparer.Ordinal);
            }
        }
    }

    public RowResult Build(TView view, string transformVersion)
    {
        Instant t = view.PredictionInstant;
        var cells = ImmutableArray.CreateBuilder<FeatureCell>(_contract.Features.Length);
        List<RowRejection>? rejections = null;

        for (int i = 0; i < _contract.Features.Length; i++)
        {
            FeatureDefinition feature = _contract.Features[i];
            Outcome outcome = feature switch
            {
                NumericFeatureDefinition numeric => Numeric(numeric, ((ValueSource<TView, double>)numeric.Source).Read(view), t),
                CategoricalFeatureDefinition categorical => Categorical(categorical, _vocabularies[i]!, ((ValueSource<TView, string>)categorical.Source).Read(view), t),
                BooleanFeatureDefinition boolean => Boolean(boolean, ((ValueSource<TView, bool>)boolean.Source).Read(view), t),
                _ => throw new InvalidOperationException($"Unknown feature definition {feature.GetType().Name}."),
            };

            if (outcome.Rejection is { } rejection)
            {
                (rejections ??= []).Add(rejection);
            }
            else
            {
                cells.Add(outcome.Cell!);
            }
        }

        return rejections is null
            ? RowResult.Accepted(new FeatureRow(_contract, transformVersion, view.EntityId, t, cells.MoveToImmutable()))
            : RowResult.Rejected(view.EntityId, t, [.. rejections]);
    }

    private static Outcome Numeric(NumericFeatureDefinition feature, Observation<double> observation, Instant t)
    {
        if (Gate(feature, observation, t, out CellNotes notes) is { } refused)
        {
            return refused;
        }

        if (notes != CellNotes.None || observation.State != ObservationState.Present)
        {
            return Missing(feature, observation, t, notes);
        }

        double value = observation.Value;
        string observed = Format(value);
        if (!double.IsFinite(value))
        {
            return Reject(feature, RejectionCode.NotFinite, observed, $"value {observed} is not a finite number");
        }

        NumericRange range = feature.Range;
        if (!range.Contains(value))
        {
            if (range.Action == OutOfRangeAction.Reject)
            {
                return Reject(feature, RejectionCode.OutOfRange, observed, $"value {observed} lies outside the allowed range [{Format(range.Min)}, {Format(range.Max)}]");
            }

            return Cell(feature, FeatureValue.Numeric(Math.Clamp(value, range.Min, range.Max)), CellNotes.Clamped, observed, observation, t);
        }

        return Cell(feature, FeatureValue.Numeric(value), CellNotes.None, null, observation, t);
    }

    private static Outcome Categorical(CategoricalFeatureDefinition feature, FrozenSet<string> vocabulary, Observation<string> observation, Instant t)
    {
        if (Gate(feature, observation, t, out CellNotes notes) is { } refused)
        {
            return refused;
        }

        if (notes != CellNotes.None || observation.State != ObservationState.Present || string.IsNullOrEmpty(observation.Value))
        {
            return Missing(feature, observation, t, notes);
        }

        string code = observation.Value;
        if (vocabulary.Contains(code))
        {
            return Cell(feature, FeatureValue.Categorical(code), CellNotes.None, null, observation, t);
        }

        if (feature.Unseen.Action == UnseenAction.Reject)
        {
            return Reject(feature, RejectionCode.UnseenCategory, code, $"category '{code}' is not in the pinned vocabulary");
        }

        return Cell(feature, FeatureValue.Categorical(feature.Unseen.Bucket!), CellNotes.UnseenMapped, code, observation, t);
    }

    private static Outcome Boolean(BooleanFeatureDefinition feature, Observation<bool> observation, Instant t)
    {
        if (Gate(feature, observation, t, out CellNotes notes) is { } refused)
        {
            return refused;
        }

        if (notes != CellNotes.None || observation.State != ObservationState.Present)
        {
            return Missing(feature, observation, t, notes);
        }

        return Cell(feature, FeatureValue.Bool(observation.Value), CellNotes.None, null, observation, t);
    }

    /// <summary>
    /// The per-row leakage gate and the time boundary: a value whose lineage reaches past T is refused; a
    /// present value older than the max age counts as missing.
    /// </summary>
    private static Outcome? Gate<T>(FeatureDefinition feature, Observation<T> observation, Instant t, out CellNotes notes)
    {
        notes = CellNotes.None;
        foreach (LineageEntry entry in observation.Lineage)
        {
            if (entry.RecordedAt > t || entry.OccurredAt > t)
            {
                return Reject(
                    feature,
                    RejectionCode.LineageAfterPredictionInstant,
                    entry.EventId,
                    $"value came from {entry.EventType} event '{entry.EventId}' recorded at {entry.RecordedAt}, after the prediction instant {t}");
            }
        }

        // The max age bounds any value an event gave, a declared absence included: a stale 'absent means false'
        // must not survive where a stale 'true' would not. It is measured from the event the value came from, never
        // from fresher context the source also read: an order placed at T must not keep a stale backlog young.
        if (observation.State != ObservationState.Missing && feature.MaxAge is { } maxAge)
        {
            // A value that cannot show when it occurred cannot prove it is young enough: fail closed.
            if (observation.ValueFrom is not { } valueFrom || !TimeRules.IsWithinMaxAge(valueFrom.OccurredAt, t, maxAge))
            {
                notes = CellNotes.BeyondMaxAge;
            }
        }

        return null;
    }

    private static Outcome Missing<T>(FeatureDefinition feature, Observation<T> observation, Instant t, CellNotes notes)
    {
        MissingPolicy policy = feature.Missing;
        string reason = notes.HasFlag(CellNotes.BeyondMaxAge)
            ? $"the latest value is older than the max age {feature.MaxAge}"
            : "no value is known at the prediction instant";
        switch (policy.Rule)
        {
            case MissingRule.Fill:
                return Cell(feature, policy.Value!.Value, notes | CellNotes.Filled, null, observation, t);
            case MissingRule.MissingWithIndicator:
                return Cell(feature, FeatureValue.Missing(feature.Kind), notes | CellNotes.Missing, null, observation, t);
            case MissingRule.DefaultWhereSourceDeclaresAbsence when observation.State == ObservationState.AbsentByDeclaration && notes == CellNotes.None:
                return Cell(feature, policy.Value!.Value, CellNotes.DefaultedByDeclaredAbsence, null, observation, t);
            case MissingRule.DefaultWhereSourceDeclaresAbsence:
                return Reject(feature, RejectionCode.MissingValue, null, reason + ", and the source does not declare what its absence means");
            default:
                return Reject(feature, RejectionCode.MissingValue, null, reason);
        }
    }

    private static Outcome Cell<T>(FeatureDefinition feature, FeatureValue value, CellNotes notes, string? observed, Observation<T> observation, Instant t)
    {
        Duration? lag = observation.ValueFrom is { } valueFrom ? TimeRules.FreshnessLag(valueFrom.OccurredAt, t) : null;
        return new Outcome(new FeatureCell(feature.Name, value, notes, observed, observation.Lineage, lag), null);
    }

    private static Outcome Reject(FeatureDefinition feature, RejectionCode code, string? attempted, string message)
        => new(null, new RowRejection(feature.Name, code, attempted, message));

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private readonly record struct Outcome(FeatureCell? Cell, RowRejection? Rejection);
}
