namespace IvrService.Media.Rtp.Internal;

/// <summary>
/// Extended sequence number tracking for one source, as RFC 3550 appendix A.1 describes it:
/// max_seq, cycles, base_seq, bad_seq and probation, plus the received and prior counters of A.3.
/// </summary>
internal sealed class RtpSequenceTracker
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int MinSequential = 2;
    private const int NoBadSequence = RtpSequence.Modulus + 1;

    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private int _badSeq = NoBadSequence;
    private int _probation;
    private bool _started;

    /// <summary>Packets counted since the base sequence number (duplicates included, as the RFC counts them).</summary>
    public long Received { get; private set; }

    public long ExpectedPrior { get; set; }

    public long ReceivedPrior { get; set; }

    /// <summary>True once a source has passed probation.</summary>
    public bool IsValid => _started && _probation == 0;

    /// <summary>Highest sequence number seen, with the wrap count in the upper 16 bits.</summary>
    public uint ExtendedHighest => _cycles + _maxSeq;

    /// <summary>Packets expected from the base sequence number to the extended highest; 0 before the source is valid.</summary>
    public long Expected => IsValid ? (long)ExtendedHighest - _baseSeq + 1 : 0;

    public void Reset()
    {
        _maxSeq = 0;
        _cycles = 0;
        _baseSeq = 0;
        _badSeq = NoBadSequence;
        _probation = 0;
        _started = false;
        Received = 0;
        ExpectedPrior = 0;
        ReceivedPrior = 0;
    }

    public RtpSequenceOutcome Update(ushort seq)
    {
        if (!_started)
        {
            InitSequence(seq);
            _maxSeq = unchecked((ushort)(seq - 1));
            _probation = MinSequential;
            _started = true;
        }

        if (_probation > 0)
        {
            if (seq == RtpSequence.Next(_maxSeq))
            {
                _probation--;
                _maxSeq = seq;
                if (_probation == 0)
                {
                    InitSequence(seq);
                    Received++;
                    return RtpSequenceOutcome.Accepted;
                }
            }
            else
            {
                _probation = MinSequential - 1;
                _maxSeq = seq;
            }

            return RtpSequenceOutcome.Probation;
        }

        var delta = unchecked((ushort)(seq - _maxSeq));
        var outcome = RtpSequenceOutcome.Accepted;
        if (delta < MaxDropout)
        {
            if (seq < _maxSeq)
            {
                _cycles += RtpSequence.Modulus;
            }

            _maxSeq = seq;
        }
        else if (delta <= RtpSequence.Modulus - MaxMisorder)
        {
            if (seq != _badSeq)
            {
                _badSeq = (seq + 1) & (RtpSequence.Modulus - 1);
                return RtpSequenceOutcome.Discarded;
            }

            // Two sequential packets after a big jump: the sender restarted, so do we.
            InitSequence(seq);
            outcome = RtpSequenceOutcome.Resynchronized;
        }

        // Otherwise a duplicate or a packet reordered within MaxMisorder: counted, max_seq unchanged.
        Received++;
        return outcome;
    }

    private void InitSequence(ushort seq)
    {
        _baseSeq = seq;
        _maxSeq = seq;
        _badSeq = NoBadSequence;
        _cycles = 0;
        Received = 0;
        ReceivedPrior = 0;
        ExpectedPrior = 0;
    }
}
