using IvrService.Media.Dtmf;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Media.Tests.Dtmf;

public sealed class DtmfCollectorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void OnInBand_CountsOnceAsRfc4733_WhenSamePressArrivesBothWays()
    {
        // Arrange: the call already uses RFC 4733.
        var collector = new DtmfCollector(_time);
        collector.OnRfc4733('1', TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromSeconds(2));

        // Act: the tone ends in the audio just before the event's end packet arrives.
        collector.OnInBand('5', TimeSpan.FromMilliseconds(93));
        _time.Advance(TimeSpan.FromMilliseconds(20));
        collector.OnRfc4733('5', TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromMilliseconds(30));
        collector.Tick();
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Tick();
        collector.Complete();

        // Assert
        var digits = Drain(collector);
        Assert.Equal(["1:Rfc4733", "5:Rfc4733"], digits.Select(d => $"{d.Digit}:{d.Method}"));
    }

    [Fact]
    public void OnInBand_IsDropped_WhenRfc4733ReportedSamePressFirst()
    {
        // Arrange
        var collector = new DtmfCollector(_time);
        collector.OnRfc4733('8', TimeSpan.FromMilliseconds(120));

        // Act
        _time.Advance(TimeSpan.FromMilliseconds(27));
        collector.OnInBand('8', TimeSpan.FromMilliseconds(119));
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Tick();
        collector.Complete();

        // Assert
        var digit = Assert.Single(Drain(collector));
        Assert.Equal(new DtmfDigit('8', DtmfMethod.Rfc4733, TimeSpan.FromMilliseconds(120), _time.GetUtcNow() - TimeSpan.FromMilliseconds(1027)), digit);
    }

    [Fact]
    public void OnRfc4733_ReportsTwoDigits_WhenTwoSeparatePressesArriveByDifferentMethods()
    {
        // Arrange
        var collector = new DtmfCollector(_time);

        // Act
        collector.OnInBand('3', TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.OnRfc4733('3', TimeSpan.FromMilliseconds(100));
        collector.Complete();

        // Assert
        Assert.Equal(["3:InBand", "3:Rfc4733"], Drain(collector).Select(d => $"{d.Digit}:{d.Method}"));
    }

    [Fact]
    public void OnInBand_ReportsEachPress_WhenSameKeyIsPressedTwiceAndBothMethodsSeeBoth()
    {
        // Arrange: "5 5" with a 60 ms pause, every press seen as event and as tone.
        var collector = new DtmfCollector(_time);

        // Act
        collector.OnRfc4733('5', TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromMilliseconds(26));
        collector.OnInBand('5', TimeSpan.FromMilliseconds(93));
        _time.Advance(TimeSpan.FromMilliseconds(134));
        collector.OnRfc4733('5', TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromMilliseconds(26));
        collector.OnInBand('5', TimeSpan.FromMilliseconds(93));
        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Tick();
        collector.Complete();

        // Assert
        Assert.Equal(["5:Rfc4733", "5:Rfc4733"], Drain(collector).Select(d => $"{d.Digit}:{d.Method}"));
    }

    [Fact]
    public void OnInBand_IsReleasedAfterHoldBack_WhenNoOutOfBandTwinArrives()
    {
        // Arrange
        var collector = new DtmfCollector(_time);
        collector.OnSipInfo('1', TimeSpan.FromMilliseconds(160));
        _time.Advance(TimeSpan.FromSeconds(2));

        // Act
        collector.OnInBand('2', TimeSpan.FromMilliseconds(80));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        collector.Tick();
        var early = Drain(collector);
        _time.Advance(DtmfCollector.DefaultInBandHoldBack);
        collector.Tick();

        // Assert
        Assert.Equal(['1'], early.Select(d => d.Digit));
        Assert.True(collector.Digits.TryRead(out var late));
        Assert.Equal(DtmfMethod.InBand, late.Method);
        Assert.Equal('2', late.Digit);
    }

    [Fact]
    public void OnSipInfo_CountsOnce_WhenGatewaySendsInfoAndRfc4733ForSamePress()
    {
        // Arrange
        var collector = new DtmfCollector(_time);

        // Act
        collector.OnRfc4733('#', TimeSpan.FromMilliseconds(160));
        _time.Advance(TimeSpan.FromMilliseconds(40));
        collector.OnSipInfo('#', TimeSpan.FromMilliseconds(160));
        collector.Complete();

        // Assert
        Assert.Equal(["#:Rfc4733"], Drain(collector).Select(d => $"{d.Digit}:{d.Method}"));
    }

    [Fact]
    public void OnInBand_ReportsAtOnce_WhenCallUsesOnlyInBand()
    {
        // Arrange
        var collector = new DtmfCollector(_time);

        // Act
        collector.OnInBand('0', TimeSpan.FromMilliseconds(66));

        // Assert
        Assert.True(collector.Digits.TryRead(out var digit));
        Assert.Equal(new DtmfDigit('0', DtmfMethod.InBand, TimeSpan.FromMilliseconds(66), _time.GetUtcNow()), digit);
    }

    [Fact]
    public async Task Digits_Completes_WhenCallEnds()
    {
        // Arrange
        var collector = new DtmfCollector(_time);
        collector.OnSipInfo('9', TimeSpan.Zero);

        // Act
        collector.Complete();

        // Assert: the reader sees the digit, then the end.
        Assert.Single(Drain(collector));
        await collector.Digits.Completion.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Collector_CountsOncePerPress_WhenWiredToReceiverAndDetector()
    {
        // Arrange: one press as a telephone-event train and as tone in the audio.
        var collector = new DtmfCollector(_time);
        var receiver = new Rfc4733Receiver(collector.OnRfc4733, _time);
        var detector = new InBandDtmfDetector(collector.OnInBand);
        var sender = new Rfc4733Sender();
        var (row, column) = ToneGenerator.Frequencies('6');
        var audio = ToneGenerator.ToPcm(ToneGenerator.Press(row, column, TimeSpan.FromMilliseconds(120), leadSamples: 160, tailSamples: 800));
        var payload = new byte[4];
        sender.Start('6', TimeSpan.FromMilliseconds(120), 160);
        ushort sequence = 0;

        // Act: 20 ms ticks carrying one audio frame and the event packet due.
        for (var frame = 0; frame * 160 < audio.Length; frame++)
        {
            detector.Process(audio.AsSpan(frame * 160, 160));
            if (frame >= 1 && sender.TryNext(payload, out _, out var marker))
            {
                receiver.Process(sender.Timestamp, marker, sequence++, payload);
            }

            _time.Advance(TimeSpan.FromMilliseconds(20));
            receiver.Poll();
            collector.Tick();
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        collector.Tick();
        collector.Complete();

        // Assert
        var digit = Assert.Single(Drain(collector));
        Assert.Equal(('6', DtmfMethod.Rfc4733, TimeSpan.FromMilliseconds(120)), (digit.Digit, digit.Method, digit.Duration));
    }

    private static List<DtmfDigit> Drain(DtmfCollector collector)
    {
        var digits = new List<DtmfDigit>();
        while (collector.Digits.TryRead(out var digit))
        {
            digits.Add(digit);
        }

        return digits;
    }
}
