using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Threading;
using FeatureContracts.Domains;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Sources;
using FeatureContracts.Time;
using NodaTime;

namespace FeatureContracts.Shipments.Histories;

/// <summary>
/// One order as it was known at a prediction instant: the latest visible order declaration, the visible scans
/// and the origin warehouse's latest visible backlog. It has no way to reach a delivery, a complaint, the label
/// or anything recorded after the instant: feature code cannot read the future even by mistake.
/// </summary>
public sealed class ShipmentView : IPointInTimeView
{
    private readonly EntityHistory _history;
    private Scan[]? _visibleScans;

    internal ShipmentView(string orderId, Instant predictionInstant, OrderPlaced? order, Scan? lastScan, EntityHistory history, BacklogMeasured? originBacklog)
    {
        EntityId = orderId;
        PredictionInstant = predictionInstant;
        Order = order;
        LastScan = lastScan;
        _history = history;
        OriginBacklog = originBacklog;
    }

    /// <summary>The order id.</summary>
    public string EntityId { get; }

    /// <summary>The prediction instant T.</summary>
    public Instant PredictionInstant { get; }

    /// <summary>The latest order declaration visible at T, or <see langword="null"/> if none is.</summary>
    public OrderPlaced? Order { get; }

    /// <summary>The scans visible at T, in input order (gathered on first read).</summary>
    public ImmutableArray<Scan> Scans
    {
        get
        {
            Scan[]? visible = Volatile.Read(ref _visibleScans);
            if (visible is null)
            {
                ReadOnlySpan<Scan> all = _history.All<Scan>();
                var list = new List<Scan>(all.Length);
                foreach (Scan scan in all)
                {
                    if (scan.IsVisibleAt(PredictionInstant))
                    {
                        list.Add(scan);
                    }
                }

                visible = list.ToArray();
                Volatile.Write(ref _visibleScans, visible);
            }

            return ImmutableCollectionsMarshal.AsImmutableArray(visible);
        }
    }

    /// <summary>The visible scan that happened last (as-of, with the usual tie-breaks), or <see langword="null"/>.</summary>
    public Scan? LastScan { get; }

    /// <summary>The origin warehouse's latest visible measurement (before any max age), or <see langword="null"/>.</summary>
    public BacklogMeasured? OriginBacklog { get; }
}
