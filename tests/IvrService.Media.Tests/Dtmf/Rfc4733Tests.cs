using IvrService.Media.Dtmf;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Media.Tests.Dtmf;

public sealed class Rfc4733Tests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<(char Digit, TimeSpan Duration)> _digits = [];
    private readonly Rfc4733Receiver _receiver;
    private ushort _sequence = 100;

    public Rfc4733Tests() => _receiver = new Rfc4733Receiver((d, t) => _digits.Add((d, t)), _time);

    [Fact]
    public void TryParse_ReadsAllFields_WhenPayloadIsFourBytes()
    {
        // Arrange
        byte[] payload = [11, 0x8A, 0x03, 0x20];

        // Act
        var ok = TelephoneEvent.TryParse(payload, out var ev);

        // Assert
        Assert.True(ok);
        Assert.Equal(new TelephoneEvent(11, true, 10, 800), ev);
    }

    [Fact]
    public void TryParse_ReturnsFalse_WhenPayloadIsShort()
    {
        Assert.False(TelephoneEvent.TryParse([1, 2, 3], out _));
    }

    [Fact]
    public void Write_RoundTrips_WhenParsedAgain()
    {
        // Arrange
        var ev = new TelephoneEvent(15, false, 63, ushort.MaxValue);
        Span<byte> buffer = stackalloc byte[4];

        // Act
        ev.Write(buffer);

        // Assert
        Assert.True(TelephoneEvent.TryParse(buffer, out var back));
        Assert.Equal(ev, back);
    }

    [Fact]
    public void Process_ReportsDigitOnceWithDuration_WhenTypicalTrainArrives()
    {
        // Act: start with marker, updates, three end packets.
        Send(5000, 5, 160, end: false, marker: true);
        Send(5000, 5, 480, end: false);
        Send(5000, 5, 800, end: false);
        Send(5000, 5, 960, end: true);
        Send(5000, 5, 960, end: true);
        Send(5000, 5, 960, end: true);

        // Assert
        Assert.Equal([('5', TimeSpan.FromMilliseconds(120))], _digits);
    }

    [Fact]
    public void Process_IgnoresRetransmissions_WhenEndPacketsArriveAgainLater()
    {
        // Arrange
        Send(5000, 11, 160, end: false, marker: true);
        Send(5000, 11, 800, end: true);

        // Act: the repeated ends, a retransmitted start and a late update.
        Send(5000, 11, 800, end: true);
        Send(5000, 11, 160, end: false, marker: true);
        Send(5000, 11, 480, end: false);
        _time.Advance(TimeSpan.FromSeconds(1));
        _receiver.Poll();

        // Assert
        Assert.Equal([('#', TimeSpan.FromMilliseconds(100))], _digits);
    }

    [Fact]
    public void Process_ReportsPreviousDigit_WhenItsEndPacketsAreLostAndNextEventStarts()
    {
        // Arrange
        Send(5000, 1, 160, end: false, marker: true);
        Send(5000, 1, 640, end: false);

        // Act
        Send(7000, 2, 160, end: false, marker: true);
        Send(7000, 2, 400, end: true);

        // Assert
        Assert.Equal([('1', TimeSpan.FromMilliseconds(80)), ('2', TimeSpan.FromMilliseconds(50))], _digits);
    }

    [Fact]
    public void Poll_ReportsDigit_WhenEndPacketsAreLostAndTimeoutPasses()
    {
        // Arrange
        Send(5000, 9, 160, end: false, marker: true);
        Send(5000, 9, 560, end: false);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _receiver.Poll();
        Assert.Empty(_digits);

        // Act
        _time.Advance(Rfc4733Receiver.DefaultTimeout);
        _receiver.Poll();
        Send(5000, 9, 960, end: true);

        // Assert
        Assert.Equal([('9', TimeSpan.FromMilliseconds(70))], _digits);
    }

    [Fact]
    public void Process_ReportsTwoDigits_WhenSameKeyIsPressedTwice()
    {
        // Act
        Send(5000, 4, 800, end: true, marker: true);
        Send(5000, 4, 800, end: true);
        Send(6600, 4, 800, end: true, marker: true);
        Send(6600, 4, 800, end: true);

        // Assert
        Assert.Equal("44", string.Concat(_digits.Select(d => d.Digit)));
    }

    [Fact]
    public void Process_IgnoresEvent_WhenItIsNotAKey()
    {
        // Act: 16 is flash.
        Send(5000, 16, 800, end: true, marker: true);
        _time.Advance(TimeSpan.FromSeconds(1));
        _receiver.Poll();

        // Assert
        Assert.Empty(_digits);
    }

    [Fact]
    public void Process_IgnoresLatePacket_WhenItBelongsToEarlierEvent()
    {
        // Arrange
        Send(5000, 7, 800, end: true, marker: true);
        Send(9000, 8, 800, end: true, marker: true);

        // Act
        Send(5000, 7, 800, end: true);

        // Assert
        Assert.Equal("78", string.Concat(_digits.Select(d => d.Digit)));
    }

    [Fact]
    public void Sender_ProducesMarkerUpdatesAndThreeEnds_WhenDigitIsSent()
    {
        // Arrange
        var sender = new Rfc4733Sender();
        sender.Start('*', TimeSpan.FromMilliseconds(200), 12345);
        var packets = new List<(TelephoneEvent Event, bool Marker)>();
        Span<byte> payload = stackalloc byte[4];

        // Act: 20 ms ticks until done.
        for (var tick = 0; tick < 50 && sender.IsSending; tick++)
        {
            if (sender.TryNext(payload, out var written, out var marker))
            {
                Assert.Equal(4, written);
                Assert.True(TelephoneEvent.TryParse(payload, out var ev));
                packets.Add((ev, marker));
            }
        }

        // Assert: updates on the first 20 ms tick at or past each 50 ms step.
        Assert.True(packets[0].Marker);
        Assert.All(packets.Skip(1), p => Assert.False(p.Marker));
        Assert.Equal([160, 480, 800, 1280, 1600, 1600, 1600], packets.Select(p => (int)p.Event.Duration));
        Assert.Equal(3, packets.Count(p => p.Event.End));
        Assert.All(packets, p => Assert.Equal(10, p.Event.Event));
        Assert.Equal(12345u, sender.Timestamp);
    }

    [Fact]
    public void Sender_RoundTripsThroughReceiver_WhenEveryKeyIsSent()
    {
        // Arrange
        var sender = new Rfc4733Sender();
        var payload = new byte[4];
        uint timestamp = 1000;

        // Act
        foreach (var key in "0123456789*#ABCD")
        {
            sender.Start(key, TimeSpan.FromMilliseconds(100), timestamp);
            while (sender.IsSending)
            {
                if (sender.TryNext(payload, out _, out var marker))
                {
                    _receiver.Process(sender.Timestamp, marker, _sequence++, payload);
                }
            }

            timestamp += 8000;
        }

        // Assert
        Assert.Equal("0123456789*#ABCD", string.Concat(_digits.Select(d => d.Digit)));
        Assert.All(_digits, d => Assert.Equal(TimeSpan.FromMilliseconds(100), d.Duration));
    }

    private void Send(uint timestamp, byte code, ushort duration, bool end, bool marker = false)
    {
        var payload = new byte[4];
        new TelephoneEvent(code, end, 10, duration).Write(payload);
        _receiver.Process(timestamp, marker, _sequence++, payload);
    }
}
