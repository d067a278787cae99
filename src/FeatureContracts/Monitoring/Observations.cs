using System;
using System.Collections.Immutable;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Monitoring;

/// <summary>What a monitor keeps of one accepted cell.</summary>
/// <param name="Value">The value after the contract's policies; may be missing.</param>
/// <param name="Notes">What the policies did (missing, filled, beyond max age, clamped, unseen…).</param>
/// <param name="FreshnessLag">T − occurred_at of the event the value came from; <see langword="null"/> without one.</param>
public readonly record struct CellObservation(FeatureValue Value, CellNotes Notes, Duration? FreshnessLag);

/// <summary>
/// What a monitor keeps of one request: the cells of an accepted row (one per contract feature, in contract order),
/// or the rejections of a rejected one.
/// </summary>
public sealed class RowObservation
{
    private RowObservation(ImmutableArray<CellObservation> cells, ImmutableArray<RowRejection> rejections)
    {
        Cells = cells;
        Rejections = rejections;
    }

    /// <summary>The cells of an accepted row, in contract order; empty when rejected.</summary>
    public ImmutableArray<CellObservation> Cells { get; }

    /// <summary>Every reason the row was rejected; empty when accepted.</summary>
    public ImmutableArray<RowRejection> Rejections { get; }

    /// <summary>Whether the row was accepted.</summary>
    public bool IsAccepted => Rejections.IsEmpty;

    /// <summary>The observation of what the one transform returned.</summary>
    public static RowObservation From(RowResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsAccepted)
        {
            return Rejected(result.Rejections);
        }

        ImmutableArray<FeatureCell> cells = result.Row.Cells;
        var observed = ImmutableArray.CreateBuilder<CellObservation>(cells.Length);
        foreach (FeatureCell cell in cells)
        {
            observed.Add(new CellObservation(cell.Value, cell.Notes, cell.FreshnessLag));
        }

        return new RowObservation(observed.MoveToImmutable(), ImmutableArray<RowRejection>.Empty);
    }

    /// <summary>An accepted row: one cell per contract feature, in contract order.</summary>
    /// <exception cref="ArgumentException">There is no cell, or a cell's value is <c>default(FeatureValue)</c>.</exception>
    public static RowObservation Accepted(ImmutableArray<CellObservation> cells)
    {
        if (cells.IsDefaultOrEmpty)
        {
            throw new ArgumentException("An accepted row has one cell per contract feature.", nameof(cells));
        }

        foreach (CellObservation cell in cells)
        {
            if (cell.Value.IsDefault)
            {
                throw new ArgumentException("default(FeatureValue) is no value and cannot be a cell's value.", nameof(cells));
            }
        }

        return new RowObservation(cells, ImmutableArray<RowRejection>.Empty);
    }

    /// <summary>A rejected row, with at least one reason.</summary>
    /// <exception cref="ArgumentException">There is no reason.</exception>
    public static RowObservation Rejected(ImmutableArray<RowRejection> rejections)
    {
        if (rejections.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A rejection needs at least one reason.", nameof(rejections));
        }

        return new RowObservation(ImmutableArray<CellObservation>.Empty, rejections);
    }
}
