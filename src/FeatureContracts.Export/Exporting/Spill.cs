using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.Text;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.IO;

namespace FeatureContracts.Export.Exporting;

/// <summary>
/// The folder of one export's spill files: <c>featurecontracts-spill-{owner}-{id}</c> in the temporary folder, named by
/// its <see cref="RunOwner"/> and holding a lock file its owner keeps open (and locked) for as long as it runs.
/// <see cref="Dispose"/> removes it. A run killed before it could do so leaves the folder behind, about the size of
/// its input; the next export removes the folders whose owner no longer runs (<see cref="RemoveStale"/>), and never
/// one whose owner may still run: its owner must be gone by process id and start time, and its lock file must be
/// unlocked.
/// </summary>
internal sealed class SpillFolder : IDisposable
{
    /// <summary>The start of every spill folder's name.</summary>
    public const string Prefix = "featurecontracts-spill-";

    /// <summary>The lock file in every spill folder.</summary>
    public const string LockFile = "owner.lock";

    private readonly FileStream _lock;

    private SpillFolder(string path, FileStream ownerLock)
    {
        Path = path;
        _lock = ownerLock;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Creates a spill folder in <paramref name="parent"/>, after removing the stale ones there.</summary>
    public static SpillFolder Create(string parent)
    {
        parent = System.IO.Path.GetFullPath(parent);
        RemoveStale(parent);
        string path = System.IO.Path.Combine(parent, $"{Prefix}{RunOwner.Current}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write spill files in {parent}: {AtomicFile.Cause(e, path)}.", e);
        }

        try
        {
            return new SpillFolder(path, new FileStream(System.IO.Path.Combine(path, LockFile), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Directory.Delete(path, recursive: true);
            throw new IOException($"Cannot write spill files in {parent}: {AtomicFile.Cause(e, System.IO.Path.Combine(path, LockFile))}.", e);
        }
    }

    /// <summary>
    /// Removes the spill folders in <paramref name="parent"/> whose owner no longer runs; returns how many folders
    /// and bytes were removed. Folders of another form (no owner in the name, no lock file) are left alone.
    /// </summary>
    public static (int Folders, long Bytes) RemoveStale(string parent)
    {
        int folders = 0;
        long bytes = 0;
        if (!Directory.Exists(parent))
        {
            return (0, 0);
        }

        foreach (string folder in Directory.GetDirectories(parent, Prefix + "*"))
        {
            string rest = System.IO.Path.GetFileName(folder)[Prefix.Length..];
            int last = rest.LastIndexOf('-');
            if (last <= 0 || !RunOwner.IsOwnerText(rest.AsSpan(0, last)) || RunOwner.MayBeRunning(rest[..last]))
            {
                continue;
            }

            string lockFile = System.IO.Path.Combine(folder, LockFile);
            if (!File.Exists(lockFile) || AtomicFile.Locked(lockFile))
            {
                continue;
            }

            try
            {
                long size = 0;
                foreach (FileInfo file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
                {
                    size += file.Length;
                }

                Directory.Delete(folder, recursive: true);
                folders++;
                bytes += size;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another run removed it first, or it may not be removed: it is left for later.
            }
        }

        return (folders, bytes);
    }

    /// <summary>
    /// A failure of reading or writing a spill file as a one-line exception naming the temporary folder the spill
    /// folder is in (the one to free or change); <see langword="null"/> when it is not about a spill file.
    /// </summary>
    public IOException? Explain(Exception e)
    {
        if (e is not (IOException or UnauthorizedAccessException) || !e.Message.Contains(Path, StringComparison.Ordinal))
        {
            return null;
        }

        string parent = System.IO.Path.GetDirectoryName(Path)!;
        string cause = e is UnauthorizedAccessException ? "permission denied" : e.Message.TrimEnd('.');
        int quoted = cause.IndexOf(" : '" + Path, StringComparison.Ordinal);
        return new IOException($"Cannot write spill files in {parent}: {(quoted > 0 ? cause[..quoted] : cause)}.", e);
    }

    /// <summary>Closes the lock file and removes the folder with everything in it.</summary>
    public void Dispose()
    {
        _lock.Dispose();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort, and never in place of the run's own outcome: with the lock closed and the owner gone, the
            // next export removes it.
        }
    }
}

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
