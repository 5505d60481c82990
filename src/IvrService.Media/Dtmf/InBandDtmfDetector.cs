using IvrService.Media.Dtmf.Internal;

namespace IvrService.Media.Dtmf;

/// <summary>
/// Finds key presses in a call's decoded audio (16-bit linear PCM, 8000 Hz mono) to ITU-T Q.24:
/// tones of 40 ms or more within ±1.5 % of nominal are accepted; tones under 23 ms or beyond
/// ±3.5 % are not; twist up to 8 dB normal and 4 dB reverse; speech does not make digits.
/// <para>
/// Audio is cut into 13.25 ms blocks, each judged on its own; a key is confirmed after two
/// consecutive blocks agree (a 40 ms tone always covers two whole blocks, a 23 ms tone never
/// does) and reported when it ends: after two blocks without it, so a pause of 40 ms always
/// separates two presses and one long press stays one digit, or at once when another key
/// follows. The duration reported is the span of blocks that held the tone.
/// </para>
/// Feed any number of samples at a time (a 20 ms frame is 160). No allocation per frame.
/// </summary>
public sealed class InBandDtmfDetector
{
    /// <summary>Blocks in a row that confirm a key.</summary>
    private const int ConfirmBlocks = 2;

    /// <summary>Blocks in a row without the key that end it.</summary>
    private const int EndBlocks = 2;

    private static readonly TimeSpan _blockDuration =
        TimeSpan.FromSeconds((double)GoertzelDtmfDetector.BlockLength / GoertzelDtmfDetector.SampleRate);

    private readonly Action<char, TimeSpan> _onDigit;
    private readonly Action<char>? _onKeyDown;
    private readonly GoertzelDtmfDetector _goertzel = new();
    private readonly short[] _block = new short[GoertzelDtmfDetector.BlockLength];
    private int _filled;

    private char _candidate;
    private int _candidateBlocks;
    private bool _confirmed;
    private int _toneBlocks;
    private int _missingBlocks;

    /// <param name="onDigit">Called once per key press, when the tone ends, with the key and the tone's duration.</param>
    /// <param name="onKeyDown">Called as soon as a key is confirmed (two blocks, ~27 ms), for barge-in; the key is still reported once by <paramref name="onDigit"/>.</param>
    public InBandDtmfDetector(Action<char, TimeSpan> onDigit, Action<char>? onKeyDown = null)
    {
        ArgumentNullException.ThrowIfNull(onDigit);
        _onDigit = onDigit;
        _onKeyDown = onKeyDown;
    }

    /// <summary>The length of one analysis block.</summary>
    public static TimeSpan BlockDuration => _blockDuration;

    /// <summary>Feeds decoded audio in order.</summary>
    public void Process(ReadOnlySpan<short> samples)
    {
        while (!samples.IsEmpty)
        {
            var take = Math.Min(samples.Length, _block.Length - _filled);
            samples[..take].CopyTo(_block.AsSpan(_filled));
            _filled += take;
            samples = samples[take..];
            if (_filled == _block.Length)
            {
                _filled = 0;
                OnBlock(_goertzel.Analyze(_block));
            }
        }
    }

    /// <summary>Reports a confirmed key still sounding (e.g. when the call's audio stops) and starts afresh.</summary>
    public void Flush()
    {
        if (_confirmed)
        {
            Report();
        }

        Reset();
    }

    /// <summary>Forgets any tone in progress and buffered samples.</summary>
    public void Reset()
    {
        _filled = 0;
        _candidate = '\0';
        _candidateBlocks = 0;
        _confirmed = false;
        _toneBlocks = 0;
        _missingBlocks = 0;
    }

    private void OnBlock(char key)
    {
        if (_confirmed)
        {
            if (key == _candidate)
            {
                // A one-block drop-out inside a tone is bridged and counted as tone.
                _toneBlocks += _missingBlocks + 1;
                _missingBlocks = 0;
                return;
            }

            if (key == '\0' && ++_missingBlocks < EndBlocks)
            {
                return;
            }

            Report();
            _confirmed = false;
        }

        if (key != '\0' && key == _candidate)
        {
            _toneBlocks++;
            if (++_candidateBlocks >= ConfirmBlocks)
            {
                _confirmed = true;
                _missingBlocks = 0;
                _onKeyDown?.Invoke(key);
            }

            return;
        }

        _candidate = key;
        _candidateBlocks = key == '\0' ? 0 : 1;
        _toneBlocks = _candidateBlocks;
    }

    private void Report()
    {
        var key = _candidate;
        var duration = _blockDuration * _toneBlocks;
        _candidate = '\0';
        _candidateBlocks = 0;
        _toneBlocks = 0;
        _missingBlocks = 0;
        _onDigit(key, duration);
    }
}
