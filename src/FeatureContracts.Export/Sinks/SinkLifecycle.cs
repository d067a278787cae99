using System;
using FeatureContracts.Rows;

namespace FeatureContracts.Export.Sinks;

/// <summary>The states a sink goes through: created, begun, completed, disposed; and the checks at each call.</summary>
internal sealed class SinkLifecycle(IRowSink sink)
{
    private RowLayout? _layout;
    private bool _completed;
    private bool _disposed;

    public RowLayout Begin(RowLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ObjectDisposedException.ThrowIf(_disposed, sink);
        if (_layout is not null)
        {
            throw new InvalidOperationException($"The {sink.Format} sink has already begun.");
        }

        _layout = layout;
        return _layout;
    }

    /// <summary>The layout to write <paramref name="row"/> in; the codec's writers check that the row fits it.</summary>
    public RowLayout BeforeWrite(FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Open();
    }

    public RowLayout BeforeComplete()
    {
        RowLayout layout = Open();
        _completed = true;
        return layout;
    }

    /// <summary>Marks the sink disposed; returns false when it already was.</summary>
    public bool Dispose()
    {
        if (_disposed)
        {
            return false;
        }

        _disposed = true;
        return true;
    }

    private RowLayout Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, sink);
        if (_layout is null)
        {
            throw new InvalidOperationException($"Call Begin before writing to the {sink.Format} sink.");
        }

        if (_completed)
        {
            throw new InvalidOperationException($"The {sink.Format} sink is complete; nothing more can be written.");
        }

        return _layout;
    }
}
