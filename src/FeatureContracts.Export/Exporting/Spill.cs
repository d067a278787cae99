using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.Text;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;

namespace FeatureContracts.Export.Exporting;

/// <summary>
/// The lines of a spill file, split on <c>\n</c> with a buffer that grows to the longest line: a spill file holds
/// only lines this process wrote, so no line is refused for its length. Not thread-safe.
/// </summary>
internal sealed class SpillLines : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _start;
    private int _end;
    private int _lineStart;
    private int _lineLength;
    private bool _eof;

    public SpillLines(string path) => _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    /// <summary>The current line, without its line break; valid until the next <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<byte> Current => _buffer.AsSpan(_lineStart, _lineLength);

    public bool MoveNext()
    {
        int searchFrom = _start;
        while (true)
        {
            int found = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (found >= 0)
            {
                _lineStart = _start;
                _lineLength = searchFrom + found - _start;
                _start = searchFrom + found + 1;
                return true;
            }

            searchFrom = _end;
            if (_eof)
            {
                if (_end == _start)
                {
                    return false;
                }

                _lineStart = _start;
                _lineLength = _end - _start;
                _start = _end;
                return true;
            }

            if (_end == _buffer.Length)
            {
                int unconsumed = _end - _start;
                byte[] target = unconsumed > _buffer.Length / 2 ? ArrayPool<byte>.Shared.Rent(_buffer.Length * 2) : _buffer;
                _buffer.AsSpan(_start, unconsumed).CopyTo(target);
                if (!ReferenceEquals(target, _buffer))
                {
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = target;
                }

                searchFrom -= _start;
                _start = 0;
                _end = unconsumed;
            }

            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
            }
            else
            {
                _end += read;
            }
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Reads the decimal number at the start of <paramref name="line"/>, up to the separator byte after it.</summary>
    public static long Number(ref ReadOnlySpan<byte> line, string path)
    {
        if (!Utf8Parser.TryParse(line, out long value, out int consumed) || consumed >= line.Length)
        {
            throw Corrupt(path, "a line does not start with its number");
        }

        line = line[(consumed + 1)..];
        return value;
    }

    public static InvalidDataException Corrupt(string path, string problem) => new($"Spill file {path} is corrupt: {problem}.");
}

/// <summary>
/// Writes events to a spill file as the JSON Lines <see cref="EventLogWriter"/> wrote them, each line prefixed by the
/// event's input position: <c>seq {json}</c>.
/// </summary>
internal sealed class EventSpillWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly byte[] _prefix = new byte[24];

    public EventSpillWriter(string path) => _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

    /// <summary>Writes the event whose JSON Lines form is <paramref name="json"/> (without its line break), the <paramref name="seq"/>-th usable event of the input.</summary>
    public void Write(long seq, ReadOnlySpan<byte> json)
    {
        Utf8Formatter.TryFormat(seq, _prefix, out int length);
        _prefix[length++] = (byte)' ';
        _file.Write(_prefix, 0, length);
        _file.Write(json);
        _file.WriteByte((byte)'\n');
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>Reads a spill file of <see cref="EventSpillWriter"/> back, with the JSON Lines reader's parsing.</summary>
internal static class EventSpillReader
{
    /// <summary>Every event of the file with its input position, in file order.</summary>
    public static IEnumerable<(long Seq, DomainEvent Event)> Read(EventLogReader reader, string path)
    {
        using var lines = new SpillLines(path);
        var cache = new Utf8StringCache();
        while (lines.MoveNext())
        {
            yield return Parse(reader, lines.Current, path, cache);
        }
    }

    private static (long Seq, DomainEvent Event) Parse(EventLogReader reader, ReadOnlySpan<byte> line, string path, Utf8StringCache cache)
    {
        long seq = SpillLines.Number(ref line, path);
        EventLine parsed = reader.Parse(line, seq, cache);
        return parsed.Event is { } e
            ? (seq, e)
            : throw SpillLines.Corrupt(path, $"{parsed.Rejection} ({Encoding.UTF8.GetString(line[..Math.Min(line.Length, 200)])})");
    }
}
