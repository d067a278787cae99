using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Points;
using FeatureContracts.Shipments.Events;
using NodaTime;

namespace FeatureContracts.Export;

/// <summary>
/// Where an export's events come from: a JSON Lines log, any enumerable or asynchronous stream of events, or
/// another format's reader (see the Parquet package). Every item is an <see cref="EventLine"/>, so unusable
/// input is reported, never dropped.
/// </summary>
public abstract class EventSource
{
    /// <summary>A short name for the manifest, e.g. the file name.</summary>
    public abstract string Name { get; }

    /// <summary>The file behind the source, whose bytes the manifest digests; <see langword="null"/> for in-memory sources.</summary>
    public virtual string? FilePath => null;

    /// <summary>Reads every line of the source once, in input order.</summary>
    public abstract IAsyncEnumerable<EventLine> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>A JSON Lines event log in the format of the product brief.</summary>
    public static EventSource FromJsonLinesFile(string path, EventLogReaderOptions? options = null) => new JsonLinesFileSource(path, options);

    /// <summary>Events already in memory, in input order.</summary>
    public static EventSource FromEvents(IEnumerable<ShipmentEvent> events, string name = "events") => new EnumerableSource(events, name);

    /// <summary>An asynchronous stream of events, in input order.</summary>
    public static EventSource FromAsyncEvents(IAsyncEnumerable<ShipmentEvent> events, string name = "events") => new AsyncEnumerableSource(events, name);

    private sealed class JsonLinesFileSource(string path, EventLogReaderOptions? options) : EventSource
    {
        private readonly string _path = System.IO.Path.GetFullPath(path);

        public override string Name => System.IO.Path.GetFileName(_path);

        public override string? FilePath => _path;

        public override async IAsyncEnumerable<EventLine> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask.ConfigureAwait(false);
            foreach (EventLine line in new EventLogReader(options).ReadFile(_path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return line;
            }
        }
    }

    private sealed class EnumerableSource(IEnumerable<ShipmentEvent> events, string name) : EventSource
    {
        public override string Name => name;

        public override async IAsyncEnumerable<EventLine> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask.ConfigureAwait(false);
            long line = 0;
            foreach (ShipmentEvent e in events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return EventLine.Accepted(++line, e);
            }
        }
    }

    private sealed class AsyncEnumerableSource(IAsyncEnumerable<ShipmentEvent> events, string name) : EventSource
    {
        public override string Name => name;

        public override async IAsyncEnumerable<EventLine> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            long line = 0;
            await foreach (ShipmentEvent e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return EventLine.Accepted(++line, e);
            }
        }
    }
}

/// <summary>
/// Where an export's prediction points come from: an explicit list (like a feature store's entity table) from a
/// file or memory, or a <see cref="SchedulePolicy"/> applied to every order of the log.
/// </summary>
public abstract class PointSource
{
    private protected PointSource()
    {
    }

    /// <summary>A short name for the manifest.</summary>
    public abstract string Name { get; }

    /// <summary>The file behind the source, whose bytes the manifest digests; <see langword="null"/> otherwise.</summary>
    public virtual string? FilePath => null;

    /// <summary>The schedule that generates points from each order's history; <see langword="null"/> for an explicit list.</summary>
    public virtual SchedulePolicy? Schedule => null;

    /// <summary>A points file: CSV with header <c>order_id,prediction_time</c>, or JSON Lines with those keys.</summary>
    public static PointSource FromFile(string path) => new FileSource(path);

    /// <summary>Points in memory.</summary>
    public static PointSource FromPoints(IEnumerable<PredictionPoint> points, string name = "points") => new ListSource(points, name);

    /// <summary>Points generated for every order by <paramref name="policy"/>.</summary>
    public static PointSource FromSchedule(SchedulePolicy policy) => new ScheduleSource(policy);

    /// <summary>Reads the explicit points, in input order.</summary>
    internal abstract IEnumerable<PointLine> Read();

    private sealed class FileSource(string path) : PointSource
    {
        private readonly string _path = System.IO.Path.GetFullPath(path);

        public override string Name => System.IO.Path.GetFileName(_path);

        public override string? FilePath => _path;

        internal override IEnumerable<PointLine> Read() => PointsReader.ReadFile(_path);
    }

    private sealed class ListSource(IEnumerable<PredictionPoint> points, string name) : PointSource
    {
        public override string Name => name;

        internal override IEnumerable<PointLine> Read()
        {
            long line = 0;
            foreach (PredictionPoint point in points)
            {
                yield return new PointLine(++line, point, null);
            }
        }
    }

    private sealed class ScheduleSource(SchedulePolicy policy) : PointSource
    {
        public override string Name => "schedule:" + policy;

        public override SchedulePolicy? Schedule => policy;

        internal override IEnumerable<PointLine> Read() => [];
    }
}
