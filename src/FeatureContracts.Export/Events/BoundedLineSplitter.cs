using System;
using System.Buffers;
using System.IO;

namespace FeatureContracts.Export.Events;

/// <summary>
/// Splits a UTF-8 byte stream into lines with memory bounded by the line limit, whatever the size of the stream.
/// </summary>
/// <remarks>
/// Lines end at <c>\n</c>; one trailing <c>\r</c> is removed. A final line without a line break is still a line;
/// a line break at the end of the stream does not start another line. A UTF-8 byte order mark at the start of
/// the stream is skipped. A line longer than the limit is reported as too long and skipped up to its line break
/// without being buffered. The buffer is rented from the shared pool and returned by <see cref="Dispose"/>.
/// </remarks>
internal sealed class BoundedLineSplitter : IDisposable
{
    /// <summary>How many bytes of a too-long line are kept to quote it.</summary>
    internal const int PrefixBytes = 256;

    private const int MinimumBuffer = 4096;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[]? _buffer;
    private readonly byte[] _prefix = new byte[PrefixBytes];

    private int _start;
    private int _end;
    private bool _eof;
    private bool _bomChecked;

    private int _lineStart;
    private int _lineLength;
    private int _prefixLength;

    public BoundedLineSplitter(Stream stream, int maxLineBytes)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(MinimumBuffer, maxLineBytes + 2));
    }

    /// <summary>The 1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Whether the current line is longer than the limit; then only <see cref="TooLongPrefix"/> is kept.</summary>
    public bool IsTooLong { get; private set; }

    /// <summary>The length in bytes of the current too-long line (without its line break).</summary>
    public long TooLongLength { get; private set; }

    /// <summary>The current line, without its line break. Valid until the next <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<byte> Current => IsTooLong ? default : Buffer.AsSpan(_lineStart, _lineLength);

    /// <summary>The first bytes of the current too-long line.</summary>
    public ReadOnlySpan<byte> TooLongPrefix => IsTooLong ? _prefix.AsSpan(0, _prefixLength) : default;

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(BoundedLineSplitter));

    /// <summary>Advances to the next line.</summary>
    /// <returns><see langword="false"/> at the end of the stream.</returns>
    public bool MoveNext()
    {
        byte[] buffer = Buffer;
        if (!_bomChecked)
        {
            SkipByteOrderMark(buffer);
        }

        int searchFrom = _start;
        while (true)
        {
            int found = buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (found >= 0)
            {
                int newline = searchFrom + found;
                SetLine(buffer, _start, newline - _start);
                _start = newline + 1;
                return true;
            }

            searchFrom = _end;
            if (_end - _start > _maxLineBytes + 1)
            {
                // Even with a '\r' before a line break still to come, the line is over the limit.
                SkipLongLine(buffer);
                return true;
            }

            if (_eof)
            {
                if (_end == _start)
                {
                    return false;
                }

                SetLine(buffer, _start, _end - _start);
                _start = _end;
                return true;
            }

            if (_end == buffer.Length)
            {
                // The unconsumed part is at most _maxLineBytes + 1 bytes and the buffer holds _maxLineBytes + 2.
                int unconsumed = _end - _start;
                buffer.AsSpan(_start, unconsumed).CopyTo(buffer);
                searchFrom -= _start;
                _start = 0;
                _end = unconsumed;
            }

            Fill(buffer);
        }
    }

    public void Dispose()
    {
        byte[]? buffer = _buffer;
        _buffer = null;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Fill(byte[] buffer)
    {
        int read = _stream.Read(buffer, _end, buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }
        else
        {
            _end += read;
        }
    }

    private void SkipByteOrderMark(byte[] buffer)
    {
        _bomChecked = true;
        while (_end < 3 && !_eof)
        {
            Fill(buffer);
        }

        if (buffer.AsSpan(0, _end).StartsWith("\uFEFF"u8))
        {
            _start = 3;
        }
    }

    private void SetLine(byte[] buffer, int start, int length)
    {
        LineNumber++;
        if (length > 0 && buffer[start + length - 1] == (byte)'\r')
        {
            length--;
        }

        if (length > _maxLineBytes)
        {
            KeepPrefix(buffer.AsSpan(start, length));
            IsTooLong = true;
            TooLongLength = length;
            return;
        }

        IsTooLong = false;
        _lineStart = start;
        _lineLength = length;
    }

    private void KeepPrefix(ReadOnlySpan<byte> line)
    {
        _prefixLength = Math.Min(PrefixBytes, line.Length);
        line[.._prefixLength].CopyTo(_prefix);
    }

    private void AppendPrefix(ReadOnlySpan<byte> more)
    {
        int take = Math.Min(PrefixBytes - _prefixLength, more.Length);
        more[..take].CopyTo(_prefix.AsSpan(_prefixLength));
        _prefixLength += take;
    }

    /// <summary>Reports the line starting at <see cref="_start"/> as too long and discards it up to its line break.</summary>
    private void SkipLongLine(byte[] buffer)
    {
        LineNumber++;
        IsTooLong = true;
        KeepPrefix(buffer.AsSpan(_start, _end - _start));
        long length = _end - _start;
        byte last = buffer[_end - 1];
        _start = 0;
        _end = 0;
        while (true)
        {
            Fill(buffer);
            if (_eof)
            {
                break;
            }

            int found = buffer.AsSpan(0, _end).IndexOf((byte)'\n');
            AppendPrefix(buffer.AsSpan(0, found >= 0 ? found : _end));
            if (found >= 0)
            {
                length += found;
                if (found > 0)
                {
                    last = buffer[found - 1];
                }

                _start = found + 1;
                break;
            }

            length += _end;
            last = buffer[_end - 1];
            _end = 0;
        }

        TooLongLength = last == (byte)'\r' ? length - 1 : length;

        // The prefix never reaches past the line, but a '\r' before its line break is not part of it.
        _prefixLength = (int)Math.Min(_prefixLength, TooLongLength);
    }
}
