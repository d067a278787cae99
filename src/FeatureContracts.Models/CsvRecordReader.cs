using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace FeatureContracts.Models;

/// <summary>One CSV field: its text, and whether it was quoted (a quoted empty field is a present empty string).</summary>
internal readonly record struct CsvField(string Text, bool Quoted);

/// <summary>Reads RFC 4180 records (CRLF or LF line ends, quoted fields with doubled quotes), tracking line numbers.</summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private readonly StringBuilder _field = new();
    private long _line = 1;

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the input.</summary>
    /// <exception cref="InvalidDataException">A quoted field is malformed or unterminated.</exception>
    public bool TryRead(List<CsvField> fields, out long startLine)
    {
        fields.Clear();
        startLine = _line;
        int c = reader.Read();
        if (c < 0)
        {
            return false;
        }

        while (true)
        {
            _field.Clear();
            bool quoted = false;
            if (c == '"')
            {
                quoted = true;
                while (true)
                {
                    c = reader.Read();
                    if (c < 0)
                    {
                        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"line {startLine}: a quoted field is not terminated."));
                    }

                    if (c == '"')
                    {
                        if (reader.Peek() == '"')
                        {
                            reader.Read();
                            _field.Append('"');
                            continue;
                        }

                        c = reader.Read();
                        break;
                    }

                    if (c == '\n')
                    {
                        _line++;
                    }

                    _field.Append((char)c);
                }

                if (c >= 0 && c != ',' && c != '\r' && c != '\n')
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"line {_line}: text follows a closing quote."));
                }
            }
            else
            {
                while (c >= 0 && c != ',' && c != '\r' && c != '\n')
                {
                    if (c == '"')
                    {
                        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"line {_line}: a quote inside an unquoted field."));
                    }

                    _field.Append((char)c);
                    c = reader.Read();
                }
            }

            fields.Add(new CsvField(_field.ToString(), quoted));
            if (c == ',')
            {
                c = reader.Read();
                continue;
            }

            if (c == '\r')
            {
                if (reader.Peek() == '\n')
                {
                    reader.Read();
                }
            }

            if (c >= 0)
            {
                _line++;
            }

            return true;
        }
    }
}
