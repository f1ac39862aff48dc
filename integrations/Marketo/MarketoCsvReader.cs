using System.Buffers;
using System.Text;

namespace JourneyFunctions.Marketo;

/// <summary>
/// Reads the rows of an export file (RFC 4180 CSV in UTF-8) as they arrive from a stream, one row at a time: fields in
/// double quotes may hold commas, line breaks and doubled quotes; rows end with LF or CRLF. It works on bytes (every
/// delimiter is ASCII, so a UTF-8 sequence never contains one), which lets it say after each row how many bytes of the
/// file it has consumed (<see cref="Position"/>): the offset a resumed download starts from.
/// </summary>
public sealed class MarketoCsvReader(Stream stream, long startPosition) : IDisposable
{
    /// <summary>The longest field read (bytes); a longer one is a broken file, not a lead.</summary>
    public const int MaxFieldBytes = 1 << 20;

    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private readonly ArrayBufferWriter<byte> _field = new();
    private int _length;
    private int _next;
    private long _bufferStart = startPosition;

    /// <summary>The file offset just after the last row returned.</summary>
    public long Position { get; private set; } = startPosition;

    /// <summary>The next row's fields, or null at the end of the file.</summary>
    /// <exception cref="FormatException">A quoted field never closed, or a field over <see cref="MaxFieldBytes"/>.</exception>
    public async ValueTask<IReadOnlyList<string>?> ReadRowAsync(CancellationToken cancellationToken)
    {
        var fields = new List<string>();
        bool quoted = false;
        bool fieldStarted = false;
        _field.Clear();
        while (true)
        {
            if (_next == _length)
            {
                _bufferStart += _length;
                _length = await stream.ReadAsync(_buffer, cancellationToken);
                _next = 0;
                if (_length == 0)
                {
                    if (quoted)
                    {
                        throw new FormatException($"The export file ends inside a quoted field (row at byte {Position}).");
                    }

                    if (!fieldStarted && fields.Count == 0)
                    {
                        return null;
                    }

                    fields.Add(Take());
                    Position = _bufferStart;
                    return fields;
                }
            }

            byte b = _buffer[_next++];
            if (quoted)
            {
                if (b != (byte)'"')
                {
                    Append(b);
                }
                else if (await PeekAsync(cancellationToken) == '"')
                {
                    _next++;
                    Append(b);
                }
                else
                {
                    quoted = false;
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"' when !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case (byte)',':
                    fields.Add(Take());
                    fieldStarted = false;
                    break;
                case (byte)'\r' when await PeekAsync(cancellationToken) == '\n':
                    break;
                case (byte)'\n':
                    fields.Add(Take());
                    Position = _bufferStart + _next;
                    return fields;
                default:
                    Append(b);
                    fieldStarted = true;
                    break;
            }
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    /// <summary>The byte after the current one (filling the buffer if needed), or -1 at the end.</summary>
    private async ValueTask<int> PeekAsync(CancellationToken cancellationToken)
    {
        if (_next == _length)
        {
            _bufferStart += _length;
            _length = await stream.ReadAsync(_buffer, cancellationToken);
            _next = 0;
        }

        return _next < _length ? _buffer[_next] : -1;
    }

    private void Append(byte b)
    {
        if (_field.WrittenCount >= MaxFieldBytes)
        {
            throw new FormatException($"An export file field is longer than {MaxFieldBytes} bytes (row at byte {Position}).");
        }

        _field.GetSpan(1)[0] = b;
        _field.Advance(1);
    }

    private string Take()
    {
        string text = Encoding.UTF8.GetString(_field.WrittenSpan);
        _field.Clear();
        return text;
    }
}
