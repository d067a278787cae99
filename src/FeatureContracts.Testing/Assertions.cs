using System;
using System.Collections.Generic;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;
using NodaTime;

namespace FeatureContracts.Testing;

/// <summary>The FluentAssertions entry points for feature rows and transforms.</summary>
public static class FeatureContractsAssertionExtensions
{
    /// <summary>Assertions on a row result: a feature's value, a rejection.</summary>
    /// <param name="result">The result of <see cref="Transform.BuildRow"/>.</param>
    public static RowResultAssertions Should(this RowResult result) => new(result);

    /// <summary>Assertions on a contract: compatible with an earlier version for the model that consumes its rows.</summary>
    /// <param name="contract">The contract under test (the newer version).</param>
    public static FeatureContractAssertions Should(this FeatureContract contract) => new(contract);

    /// <summary>Assertions on a transform: leak-free over fixture histories, its golden rows.</summary>
    /// <param name="transform">The transform under test.</param>
    public static TransformAssertions Should(this Transform transform) => new(transform);
}

/// <summary>Assertions on a <see cref="RowResult"/>.</summary>
public sealed class RowResultAssertions : ReferenceTypeAssertions<RowResult, RowResultAssertions>
{
    /// <summary>Creates the assertions.</summary>
    /// <param name="subject">The row result.</param>
    public RowResultAssertions(RowResult subject)
        : base(subject)
    {
    }

    /// <inheritdoc />
    protected override string Identifier => "row";

    /// <summary>Asserts that the row was accepted and its feature <paramref name="feature"/> has exactly <paramref name="value"/>.</summary>
    /// <param name="feature">The feature's name.</param>
    /// <param name="value">The value (numbers compared bit for bit).</param>
    /// <param name="because">Why, for the failure message.</param>
    /// <param name="becauseArgs">Its arguments.</param>
    public AndConstraint<RowResultAssertions> HaveFeature(string feature, FeatureValue value, string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject is { IsAccepted: true })
            .FailWith("Expected {context:row} to be accepted with {0} = {1}{reason}, but it was rejected: {2}.", feature, value, Subject?.Rejections.Select(r => r.ToString()))
            .Then
            .ForCondition(Subject!.Row!.Cells.Any(c => c.Feature == feature))
            .FailWith("Expected {context:row} to have feature {0}{reason}, but its contract has {1}.", feature, Subject.Row!.Cells.Select(c => c.Feature))
            .Then
            .Given(() => Subject.Row![feature].Value)
            .ForCondition(actual => actual == value)
            .FailWith("Expected {context:row} to have {0} = {1}{reason}, but found {2}.", _ => feature, _ => value, actual => actual);
        return new AndConstraint<RowResultAssertions>(this);
    }

    /// <summary>Asserts that the row was accepted and its numeric feature <paramref name="feature"/> is exactly <paramref name="value"/>.</summary>
    /// <param name="feature">The feature's name.</param>
    /// <param name="value">The number, compared bit for bit.</param>
    /// <param name="because">Why, for the failure message.</param>
    /// <param name="becauseArgs">Its arguments.</param>
    public AndConstraint<RowResultAssertions> HaveNumber(string feature, double value, string because = "", params object[] becauseArgs)
        => HaveFeature(feature, FeatureValue.Numeric(value), because, becauseArgs);

    /// <summary>Asserts that the row was accepted and its feature <paramref name="feature"/> is missing.</summary>
    /// <param name="feature">The feature's name.</param>
    /// <param name="because">Why, for the failure message.</param>
    /// <param name="becauseArgs">Its arguments.</param>
    public AndConstraint<RowResultAssertions> HaveMissing(string feature, string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject is { IsAccepted: true } && Subject.Row!.Cells.Any(c => c.Feature == feature && c.IsMissing))
            .FailWith("Expected {context:row} to be accepted with {0} missing{reason}, but found {1}.", feature, Subject);
        return new AndConstraint<RowResultAssertions>(this);
    }

    /// <summary>Asserts that the row was rejected with <paramref name="code"/> (for <paramref name="feature"/>, when given).</summary>
    /// <param name="code">The rejection's code.</param>
    /// <param name="feature">The feature the rejection names; <see langword="null"/> for any.</param>
    /// <param name="because">Why, for the failure message.</param>
    /// <param name="becauseArgs">Its arguments.</param>
    public AndConstraint<RowResultAssertions> BeRejectedWith(RejectionCode code, string? feature = null, string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject is not null && Subject.Rejections.Any(r => r.Code == code && (feature is null || r.Feature == feature)))
            .FailWith(
                "Expected {context:row} to be rejected with {0}{reason}, but found {1}.",
                RowCodec.FormatCode(code) + (feature is null ? string.Empty : " for " + feature),
                Subject?.ToString());
        return new AndConstraint<RowResultAssertions>(this);
    }
}

/// <summary>Assertions on a <see cref="FeatureContract"/>.</summary>
public sealed class FeatureContractAssertions : ReferenceTypeAssertions<FeatureContract, FeatureContractAssertions>
{
    /// <summary>Creates the assertions.</summary>
    /// <param name="subject">The contract.</param>
    public FeatureContractAssertions(FeatureContract subject)
        : base(subject)
    {
    }

    /// <inheritdoc />
    protected override string Identifier => "contract";

    /// <summary>
    /// Asserts that a model trained on rows of <paramref name="older"/> can consume this contract's rows: no change
    /// between them is breaking (<see cref="Evolution.ContractDiff"/>); the failure lists every breaking change with
    /// its reason.
    /// </summary>
    /// <param name="older">The earlier version.</param>
    /// <param name="because">Why, for the failure message.</param>
    /// <param name="becauseArgs">Its arguments.</param>
    public AndConstraint<FeatureContractAssertions> BeCompatibleWith(FeatureContract older, string because = "", params object[] becauseArgs)
    {
        ArgumentNullException.ThrowIfNull(older);
        var diff = Evolution.ContractDiff.Compare(older, Subject);
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(!diff.HasBreakingChanges)
            .FailWith(
                "Expected {context:contract} to be compatible with v{0}{reason}, but {1} change(s) break a model trained on it: {2}.",
                older.Version,
                diff.Changes.Count(c => c.IsBreaking),
                diff.Changes.Where(c => c.IsBreaking).Select(c => $"{c.Feature ?? "(contract)"} {c.Aspect}: {c.Old} -> {c.New} ({c.Reason})"));
        return new AndConstraint<FeatureContractAssertions>(this);
    }
}

/// <summary>Assertions on a <see cref="Transform"/>.</summary>
public sealed class TransformAssertions : ReferenceTypeAssertions<Transform, TransformAssertions>
{
    /// <summary>Creates the assertions.</summary>
    /// <param name="subject">The transform.</param>
    public TransformAssertions(Transform subject)
        : base(subject)
    {
    }

    /// <inheritdoc />
    protected override string Identifier => "transform";

    /// <summary>
    /// Asserts that nothing recorded after a prediction instant reaches its row: at every point, the row built from
    /// all of <paramref name="events"/> equals, value for value and note for note, the row built from only the events
    /// recorded at or before the point's instant (rejections included).
    /// </summary>
    /// <param name="events">The fixture histories' events, in arrival order.</param>
    /// <param name="points">The entities and prediction instants to check.</param>
    /// <param name="because">Why, for the failure message.</param>
    /// <param name="becauseArgs">Its arguments.</param>
    public AndConstraint<TransformAssertions> BeLeakFreeOver(
        IEnumerable<DomainEvent> events, IEnumerable<(string EntityId, Instant At)> points, string because = "", params object[] becauseArgs)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(points);
        DomainEvent[] all = [.. events];
        var everything = new HistoryStore(Subject.Domain.Schema);
        everything.AppendRange(all);
        var leaks = new List<string>();
        foreach (var group in points.GroupBy(p => p.At))
        {
            var known = new HistoryStore(Subject.Domain.Schema);
            known.AppendRange(all.Where(e => e.RecordedAt <= group.Key));
            foreach (var (entityId, at) in group)
            {
                RowResult withFuture = Subject.BuildRow(everything, entityId, at);
                RowResult asKnown = Subject.BuildRow(known, entityId, at);
                if (!Same(withFuture, asKnown))
                {
                    leaks.Add($"{entityId} at {RowCodec.FormatInstant(at)}: {withFuture} but as known then {asKnown}");
                }
            }
        }

        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(leaks.Count == 0)
            .FailWith("Expected {context:transform} to be leak-free{reason}, but {0} rows changed with events recorded after their instant, e.g. {1}.", leaks.Count, leaks.Take(3));
        return new AndConstraint<TransformAssertions>(this);
    }

    /// <summary>Asserts that the transform's rows match the golden file at <paramref name="path"/> (see <see cref="GoldenRows.Verify"/>).</summary>
    /// <param name="path">The golden file.</param>
    /// <param name="histories">The fixture histories.</param>
    /// <param name="points">The entities and prediction instants, in the file's order.</param>
    /// <param name="because">Why, for the failure message.</param>
    /// <param name="becauseArgs">Its arguments.</param>
    public AndConstraint<TransformAssertions> MatchGoldenRows(
        string path, IHistoryLookup histories, IEnumerable<(string EntityId, Instant At)> points, string because = "", params object[] becauseArgs)
    {
        string? failure = null;
        try
        {
            GoldenRows.Verify(Subject, histories, points, path);
        }
        catch (GoldenRowsException e)
        {
            failure = e.Message;
        }

        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(failure is null)
            .FailWith("Expected {context:transform} to match its golden rows{reason}: " + (failure ?? string.Empty).Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
        return new AndConstraint<TransformAssertions>(this);
    }

    private static bool Same(RowResult a, RowResult b)
        => a.IsAccepted == b.IsAccepted
            && (a.IsAccepted
                ? a.Row!.Cells.Select(c => (c.Value, c.Notes)).SequenceEqual(b.Row!.Cells.Select(c => (c.Value, c.Notes)))
                : a.Rejections.Select(r => (r.Code, r.Feature)).SequenceEqual(b.Rejections.Select(r => (r.Code, r.Feature))));
}
