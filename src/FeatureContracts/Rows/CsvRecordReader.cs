using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using FeatureContracts.Serialization;

namespace FeatureContracts.Rows;

/// <summary>One CSV field: its text, and whether it was quoted (a quoted empty field is a present empty string).</summary>
/// <param name="Text">The field's text, quotes removed.</param>
/// <param name="Quoted">Whether the field was enclosed in double quotes.</param>
public readonly record struct CsvField(string Text, bool Quoted)
{
    /// <summary>The field's value: <see langword="null"/> (missing) for an empty unquoted field, else the text.</summary>
    public string? Value => !Quoted && Text.Length == 0 ? null : Text;
}

/// <summary>Why a CSV record cannot be used.</summary>
public enum CsvProblemKind
{
    /// <summary>The record is longer than the reader's limit; it was skipped without being held in memory.</summary>
    RecordTooLong,

    /// <summary>A double quote inside a field that does not start with one.</summary>
    QuoteInUnquotedField,

    /// <summary>Text between the closing quote of a quoted field and the next comma or line end.</summary>
    TextAfterClosingQuote,

    /// <summary>A quoted field is still open at the end of the input.</summary>
    UnterminatedQuote,

    /// <summary>A field's bytes are not UTF-8.</summary>
    InvalidUtf8,
}

/// <summary>A CSV record that cannot be used: what is wrong, in which field, and a sentence for people.</summary>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Column">The 1-based number of the field where the problem is, or <see langword="null"/> for the whole record.</param>
/// <param name="Reason">A sentence for people that says where and why.</param>
public sealed record CsvProblem(CsvProblemKind Kind, int? Column, string Reason);

/// <summary>
/// Reads RFC 4180 records from UTF-8 bytes as a stream, with memory bounded by <see cref="MaxRecordBytes"/> whatever the
/// size of a record or of the input: the one CSV reader of the library (training rows, prediction points). Not
/// thread-safe; the stream is read from its current position and is not disposed.
/// </summary>
/// <remarks>
/// <para>
/// Fields are separated by commas. A field that starts with a double quote is quoted: it runs to the next quote that
/// is not doubled, and may hold commas, CR and LF; a doubled quote in it stands for one quote. A record ends at CRLF,
/// LF or a lone CR outside quotes; a final record without a line end is still a record, and a line end at the end of
/// the input does not start another. Lines are counted by the same line ends, inside quotes too, so a record that
/// holds a line break starts on one line and ends on a later one. A UTF-8 byte order mark at the start of the input is
/// skipped.
/// </para>
/// <para>
/// A record that cannot be used yields a <see cref="CsvProblem"/> instead of fields, and reading goes on with the next
/// record, so every record yields exactly one result. A record is one problem, checked in this order: longer than the
/// limit (counting its bytes as written, quotes and quoted line breaks included, its line end not); then its quoting,
/// the first problem in the record; then the first field that is not UTF-8. A record with a quoting problem still ends
/// where RFC 4180 says, with its stray quotes read as text, so one bad quote spoils one record. A quoted field that is
/// never closed runs to the end of the input, as RFC 4180 says: that is one record.
/// </para>
/// </remarks>
public sealed class CsvRecordReader
{
    /// <summary>The default <see cref="MaxRecordBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxRecordBytes = 1 << 20;

    /// <summary>The largest allowed <see cref="MaxRecordBytes"/>: 1 GiB.</summary>
    public const int MaxRecordBytesLimit = 1 << 30;

    private const int InputBytes = 1 << 16;
    private const int PrefixBytes = 256;
    private const int QuotedCharacters = 64;

    private static readonly SearchValues<byte> UnquotedSpecials = SearchValues.Create(",\"\r\n"u8);
    private static readonly SearchValues<byte> QuotedSpecials = SearchValues.Create("\"\r\n"u8);

    private readonly Stream _stream;
    private readonly byte[] _input = new byte[InputBytes];
    private readonly byte[] _prefix = new byte[PrefixBytes];
    private readonly List<(int Start, int Length, bool Quoted)> _spans = [];
    private byte[] _content;
    private int _pos;
    private int _end;
    private bool _eof;
    private bool _bomChecked;
    private bool _skipLineFeed;
    private bool _previousCarriageReturn;
    private long _line = 1;

    // The record being read.
    private int _contentLength;
    private long _rawLength;
    private int _prefixLength;
    private bool _tooLong;

    /// <summary>Creates a reader of <paramref name="utf8"/>.</summary>
    /// <param name="utf8">The CSV text, as UTF-8 bytes.</param>
    /// <param name="maxRecordBytes">The longest record read, in bytes (see <see cref="MaxRecordBytes"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="utf8"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="utf8"/> cannot be read.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRecordBytes"/> is not between 1 and <see cref="MaxRecordBytesLimit"/>.</exception>
    public CsvRecordReader(Stream utf8, int maxRecordBytes = DefaultMaxRecordBytes)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        if (!utf8.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(utf8));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRecordBytes, MaxRecordBytesLimit);
        _stream = utf8;
        MaxRecordBytes = maxRecordBytes;
        _content = new byte[Math.Min(maxRecordBytes, 4096)];
    }

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    /// <summary>
    /// The longest record the reader reads, in bytes as written without its line end. A longer record is a
    /// <see cref="CsvProblemKind.RecordTooLong"/> problem and is skipped without being held: the reader's memory stays
    /// within a small multiple of this bound whatever the input.
    /// </summary>
    public int MaxRecordBytes { get; }

    /// <summary>Reads the next record into <paramref name="fields"/> (cleared first), or the reason it cannot be used.</summary>
    /// <param name="fields">Receives the record's fields; left empty when there is a problem.</param>
    /// <param name="startLine">The 1-based line the record starts on.</param>
    /// <param name="problem">Why the record cannot be used, or <see langword="null"/> when it can.</param>
    /// <returns><see langword="false"/> at the end of the input.</returns>
    /// <exception cref="IOException">Reading the stream fails.</exception>
    public bool TryRead(List<CsvField> fields, out long startLine, out CsvProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(fields);
        fields.Clear();
        problem = null;
        if (!_bomChecked)
        {
            SkipByteOrderMark();
        }

        if (_skipLineFeed)
        {
            // The LF of a CRLF whose CR ended the previous record.
            _skipLineFeed = false;
            if (Available() && _input[_pos] == (byte)'\n')
            {
                Consume((byte)'\n');
            }
        }

        startLine = _line;
        if (!Available())
        {
            return false;
        }

        _spans.Clear();
        _contentLength = 0;
        _rawLength = 0;
        _prefixLength = 0;
        _tooLong = false;
        CsvProblem? quoting = null;
        State state = State.FieldStart;
        int column = 1;
        int fieldStart = 0;
        bool quoted = false;
        long quoteLine = 0;
        bool openAtEnd = false;
        while (true)
        {
            if (!Available())
            {
                openAtEnd = state == State.Quoted;
                if (openAtEnd)
                {
                    quoting ??= new CsvProblem(
                        CsvProblemKind.UnterminatedQuote,
                        column,
                        Invariant($"The quoted field opened at line {quoteLine} is not closed before the end of the input."));
                }

                EndField(quoting, quoted, ref fieldStart);
                break;
            }

            byte b = _input[_pos];
            switch (state)
            {
                case State.FieldStart:
                    if (b == (byte)'"')
                    {
                        Take(b, store: false);
                        quoted = true;
                        quoteLine = _line;
                        state = State.Quoted;
                        continue;
                    }

                    quoted = false;
                    state = State.Unquoted;
                    goto case State.Unquoted;
                case State.Unquoted:
                {
                    int run = _input.AsSpan(_pos, _end - _pos).IndexOfAny(UnquotedSpecials);
                    if (run != 0)
                    {
                        TakeRun(run < 0 ? _end - _pos : run, store: quoting is null);
                        continue;
                    }

                    if (b == (byte)'"')
                    {
                        // Read as text, so that the record still ends where it would have.
                        quoting ??= new CsvProblem(
                            CsvProblemKind.QuoteInUnquotedField,
                            column,
                            Invariant($"A double quote inside an unquoted field (line {_line}); a field that holds quotes must be enclosed in quotes, with its quotes doubled."));
                        Take(b, store: false);
                        continue;
                    }

                    break;
                }

                case State.Quoted:
                {
                    int run = _input.AsSpan(_pos, _end - _pos).IndexOfAny(QuotedSpecials);
                    if (run != 0)
                    {
                        TakeRun(run < 0 ? _end - _pos : run, store: quoting is null);
                    }
                    else if (b == (byte)'"')
                    {
                        Take(b, store: false);
                        state = State.QuoteInQuoted;
                    }
                    else
                    {
                        // A line break inside the quotes is part of the field.
                        Take(b, store: quoting is null);
                    }

                    continue;
                }

                default:
                    if (b == (byte)'"')
                    {
                        // A doubled quote: one quote in the text.
                        Take(b, store: quoting is null);
                        state = State.Quoted;
                        continue;
                    }

                    if (b is not ((byte)',' or (byte)'\r' or (byte)'\n'))
                    {
                        quoting ??= new CsvProblem(
                            CsvProblemKind.TextAfterClosingQuote,
                            column,
                            Invariant($"Text follows the closing quote of a quoted field (line {_line}); a quote inside a quoted field must be doubled."));
                        state = State.Unquoted;
                        continue;
                    }

                    break;
            }

            // A comma or a line end outside quotes.
            EndField(quoting, quoted, ref fieldStart);
            if (b == (byte)',')
            {
                Take(b, store: false);
                column++;
                state = State.FieldStart;
                continue;
            }

            Consume(b);
            _skipLineFeed = b == (byte)'\r';
            break;
        }

        if (_tooLong)
        {
            string open = openAtEnd
                ? Invariant($" A quoted field opened at line {quoteLine} is not closed before the end of the input.")
                : string.Empty;
            problem = new CsvProblem(
                CsvProblemKind.RecordTooLong,
                null,
                Invariant($"The record is {_rawLength} bytes long, over the limit of {MaxRecordBytes} bytes; it was skipped unread.{open} It starts: {Excerpt(_prefix.AsSpan(0, _prefixLength), _rawLength > _prefixLength)}"));
            return true;
        }

        if (quoting is not null)
        {
            problem = quoting;
            return true;
        }

        for (int i = 0; i < _spans.Count; i++)
        {
            (int start, int length, bool isQuoted) = _spans[i];
            ReadOnlySpan<byte> text = _content.AsSpan(start, length);
            int invalid = StrictUtf8.IndexOfInvalid(text);
            if (invalid >= 0)
            {
                fields.Clear();
                problem = new CsvProblem(
                    CsvProblemKind.InvalidUtf8,
                    i + 1,
                    Invariant($"The field is not valid UTF-8: the byte 0x{text[invalid]:X2} at byte {invalid + 1} of the field does not begin a UTF-8 character. It reads: {Excerpt(text, alreadyCut: false)}"));
                return true;
            }

            fields.Add(new CsvField(Encoding.UTF8.GetString(text), isQuoted));
        }

        return true;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Bytes quoted in a reason: at most <see cref="QuotedCharacters"/> characters, with "..." when cut.</summary>
    private static string Excerpt(ReadOnlySpan<byte> utf8, bool alreadyCut)
    {
        string text = Encoding.UTF8.GetString(utf8.Length > QuotedCharacters * 4 ? utf8[..(QuotedCharacters * 4)] : utf8);
        if (text.Length > QuotedCharacters)
        {
            text = text[..(char.IsHighSurrogate(text[QuotedCharacters - 1]) ? QuotedCharacters - 1 : QuotedCharacters)];
            alreadyCut = true;
        }

        return "\"" + text + (alreadyCut ? "...\"" : "\"");
    }

    private void EndField(CsvProblem? quoting, bool quoted, ref int fieldStart)
    {
        if (!_tooLong && quoting is null)
        {
            _spans.Add((fieldStart, _contentLength - fieldStart, quoted));
            fieldStart = _contentLength;
        }
    }

    /// <summary>Whether a byte is at <see cref="_pos"/>, reading more of the stream when the buffer is used up.</summary>
    private bool Available()
    {
        if (_pos < _end)
        {
            return true;
        }

        if (_eof)
        {
            return false;
        }

        _pos = 0;
        _end = _stream.Read(_input, 0, _input.Length);
        _eof = _end == 0;
        return !_eof;
    }

    private void SkipByteOrderMark()
    {
        _bomChecked = true;
        if (!Available())
        {
            return;
        }

        // Make sure the first three bytes are in the buffer (a stream may return fewer).
        while (_end < 3 && !_eof)
        {
            int read = _stream.Read(_input, _end, _input.Length - _end);
            _eof = read == 0;
            _end += read;
        }

        if (_input.AsSpan(0, _end).StartsWith("\uFEFF"u8))
        {
            _pos = 3;
        }
    }

    /// <summary>Moves past one byte, counting it as a line end where it is one (CRLF counts once).</summary>
    private void Consume(byte b)
    {
        _pos++;
        if (b == (byte)'\r')
        {
            _line++;
            _previousCarriageReturn = true;
        }
        else
        {
            if (b == (byte)'\n' && !_previousCarriageReturn)
            {
                _line++;
            }

            _previousCarriageReturn = false;
        }
    }

    /// <summary>Takes one byte of the record: counts it, and keeps it in the field's text when <paramref name="store"/>.</summary>
    private void Take(byte b, bool store)
    {
        Consume(b);
        Count(new ReadOnlySpan<byte>(in b));
        if (store && !_tooLong)
        {
            Append(new ReadOnlySpan<byte>(in b));
        }
    }

    /// <summary>Takes a run of bytes that holds no comma, quote or line end.</summary>
    private void TakeRun(int length, bool store)
    {
        ReadOnlySpan<byte> run = _input.AsSpan(_pos, length);
        _pos += length;
        _previousCarriageReturn = false;
        Count(run);
        if (store && !_tooLong)
        {
            Append(run);
        }
    }

    private void Count(ReadOnlySpan<byte> bytes)
    {
        if (_prefixLength < PrefixBytes)
        {
            int take = Math.Min(PrefixBytes - _prefixLength, bytes.Length);
            bytes[..take].CopyTo(_prefix.AsSpan(_prefixLength));
            _prefixLength += take;
        }

        _rawLength += bytes.Length;
        if (_rawLength > MaxRecordBytes && !_tooLong)
        {
            // From here on the record is only counted, never held.
            _tooLong = true;
            _spans.Clear();
            _contentLength = 0;
        }
    }

    /// <summary>Keeps bytes of the record's text; the text is never longer than the record, so never over the limit.</summary>
    private void Append(ReadOnlySpan<byte> bytes)
    {
        int needed = _contentLength + bytes.Length;
        if (needed > _content.Length)
        {
            byte[] larger = new byte[(int)Math.Min(MaxRecordBytes, Math.Max(needed, (long)_content.Length * 2))];
            _content.AsSpan(0, _contentLength).CopyTo(larger);
            _content = larger;
        }

        bytes.CopyTo(_content.AsSpan(_contentLength));
        _contentLength = needed;
    }
}
