using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Points;

namespace FeatureContracts.Export;

/// <summary>
/// Where an export's events come from: a JSON Lines log, any enumerable or asynchronous stream of events, or
/// another format's reader (see the Parquet package). Every item is an <see cref="EventLine"/>, so unusable
/// input is reported, never dropped. A source is read as the events of a schema it is given when read — the
/// training exporter gives its transform's domain's — so the same source serves any domain.
/// </summary>
public abstract class EventSource
{
    /// <summary>A short name for the manifest, e.g. the file name.</summary>
    public abstract string Name { get; }

    /// <summary>The file behind the source, whose bytes the manifest digests; <see langword="null"/> for in-memory sources.</summary>
    public virtual string? FilePath => null;

    /// <summary>Reads every line of the source once, in input order, as events of <paramref name="schema"/>.</summary>
    /// <param name="schema">The event schema of the domain being read.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public abstract IAsyncEnumerable<EventLine> ReadAsync(EventSchema schema, CancellationToken cancellationToken = default);

    /// <summary>A JSON Lines event log (see <see cref="EventLogReader"/>), read with <paramref name="options"/>.</summary>
    public static EventSource FromJsonLinesFile(string path, EventLogReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new JsonLinesFileSource(path, options);
    }

    /// <summary>
    /// Events already in memory, in input order, numbered from 1. An event whose class the schema read with does not
    /// declare is a rejected line (<see cref="LineRejectionCode.UnknownType"/>), never an exception.
    /// </summary>
    public static EventSource FromEvents(IEnumerable<DomainEvent> events, string name = "events")
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new EnumerableSource(events, name);
    }

    /// <summary>An asynchronous stream of events, in input order (see <see cref="FromEvents"/>).</summary>
    public static EventSource FromAsyncEvents(IAsyncEnumerable<DomainEvent> events, string name = "events")
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new AsyncEnumerableSource(events, name);
    }

    /// <summary>An in-memory event as a line: accepted when the schema declares its class.</summary>
    private static EventLine Line(long lineNumber, DomainEvent? e, EventSchema schema)
    {
        if (e is not null && schema.Declares(e))
        {
            return EventLine.Accepted(lineNumber, e);
        }

        string what = e is null ? "a null event" : $"a {e.EventType} event of class {e.GetType().Name}";
        return EventLine.Rejected(new LineRejection(
            lineNumber, "type", LineRejectionCode.UnknownType, $"The source gave {what}, which is not an event type of this log; expected {schema.TypeList}."));
    }

    private sealed class JsonLinesFileSource(string path, EventLogReaderOptions? options) : EventSource
    {
        private readonly string _path = System.IO.Path.GetFullPath(path);

        public override string Name => System.IO.Path.GetFileName(_path);

        public override string? FilePath => _path;

        public override async IAsyncEnumerable<EventLine> ReadAsync(EventSchema schema, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var reader = new EventLogReader(schema, options);
            await Task.CompletedTask.ConfigureAwait(false);
            foreach (EventLine line in reader.ReadFile(_path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return line;
            }
        }
    }

    private sealed class EnumerableSource(IEnumerable<DomainEvent> events, string name) : EventSource
    {
        public override string Name => name;

        public override async IAsyncEnumerable<EventLine> ReadAsync(EventSchema schema, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(schema);
            await Task.CompletedTask.ConfigureAwait(false);
            long line = 0;
            foreach (DomainEvent e in events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return Line(++line, e, schema);
            }
        }
    }

    private sealed class AsyncEnumerableSource(IAsyncEnumerable<DomainEvent> events, string name) : EventSource
    {
        public override string Name => name;

        public override async IAsyncEnumerable<EventLine> ReadAsync(EventSchema schema, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(schema);
            long line = 0;
            await foreach (DomainEvent e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return Line(++line, e, schema);
            }
        }
    }
}

/// <summary>
/// Where an export's prediction points come from: an explicit list (like a feature store's entity table) from a
/// file or memory, or a <see cref="SchedulePolicy"/> applied to every entity of the log.
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

    /// <summary>The schedule that generates points from each entity's history; <see langword="null"/> for an explicit list.</summary>
    public virtual SchedulePolicy? Schedule => null;

    /// <summary>
    /// A points file (see <see cref="PointsReader"/>): CSV with a header naming the entity key column of the exporting
    /// domain (<c>order_id</c> for shipments) and <c>prediction_time</c>, or JSON Lines with those keys. The exporter
    /// tells the source which column names the entity.
    /// </summary>
    public static PointSource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new FileSource(path);
    }

    /// <summary>
    /// Points in memory, numbered from 1 in order. Each meets the rules of a point read from a file (see
    /// <see cref="PointsReader"/>): an instant outside <see cref="Events.EventLineRules.PlausibleInstants"/> or finer
    /// than a microsecond is a rejected point, counted and reported like an unusable line of a file.
    /// </summary>
    public static PointSource FromPoints(IEnumerable<PredictionPoint> points, string name = "points")
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new ListSource(points, name);
    }

    /// <summary>Points generated for every entity by <paramref name="policy"/>.</summary>
    public static PointSource FromSchedule(SchedulePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new ScheduleSource(policy);
    }

    /// <summary>Reads the explicit points, in input order; <paramref name="entityColumn"/> names the entity's column of a file.</summary>
    internal abstract IEnumerable<PointLine> Read(string entityColumn);

    /// <summary>The source's name in the manifest of an export of <paramref name="domain"/>.</summary>
    internal virtual string NameFor(Domain domain) => Name;

    private sealed class FileSource(string path) : PointSource
    {
        private readonly string _path = System.IO.Path.GetFullPath(path);

        public override string Name => System.IO.Path.GetFileName(_path);

        public override string? FilePath => _path;

        internal override IEnumerable<PointLine> Read(string entityColumn) => PointsReader.ReadFile(_path, entityColumn);
    }

    private sealed class ListSource(IEnumerable<PredictionPoint> points, string name) : PointSource
    {
        public override string Name => name;

        internal override IEnumerable<PointLine> Read(string entityColumn)
        {
            long line = 0;
            foreach (PredictionPoint point in points)
            {
                // A point in memory meets the rules of a point read from a file, so the rows do not depend on where points come from.
                yield return PointsReader.Checked(++line, point);
            }
        }
    }

    private sealed class ScheduleSource(SchedulePolicy policy) : PointSource
    {
        public override string Name => "schedule:" + policy;

        public override SchedulePolicy? Schedule => policy;

        internal override IEnumerable<PointLine> Read(string entityColumn) => [];

        internal override string NameFor(Domain domain) => "schedule:" + policy.Describe(domain.Entity.Noun);
    }
}
