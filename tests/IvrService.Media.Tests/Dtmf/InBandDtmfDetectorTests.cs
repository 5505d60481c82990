using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace IvrService.Media.Tests.Dtmf;

/// <summary>ITU-T Q.24 acceptance and rejection limits, on every key and several block alignments.</summary>
public sealed class InBandDtmfDetectorTests(ITestOutputHelper output)
{
    private static readonly int[] Alignments = [0, 17, 37, 53, 71, 89, 101];

    [Theory]
    [InlineData("nominal, 50 ms", 0.0, 0.0, 50, -10.0, -10.0)]
    [InlineData("nominal, 40 ms", 0.0, 0.0, 40, -10.0, -10.0)]
    [InlineData("row +1.5 %", 0.015, 0.0, 50, -10.0, -10.0)]
    [InlineData("row -1.5 %", -0.015, 0.0, 50, -10.0, -10.0)]
    [InlineData("column +1.5 %", 0.0, 0.015, 50, -10.0, -10.0)]
    [InlineData("column -1.5 %", 0.0, -0.015, 50, -10.0, -10.0)]
    [InlineData("both +1.5 %, 40 ms", 0.015, 0.015, 40, -10.0, -10.0)]
    [InlineData("both -1.5 %, 40 ms", -0.015, -0.015, 40, -10.0, -10.0)]
    [InlineData("row +1.5 %, column -1.5 %", 0.015, -0.015, 50, -10.0, -10.0)]
    [InlineData("normal twist 8 dB", 0.0, 0.0, 50, -6.0, -14.0)]
    [InlineData("reverse twist 4 dB", 0.0, 0.0, 50, -12.0, -8.0)]
    [InlineData("normal twist 8 dB, ±1.5 %", 0.015, -0.015, 50, -6.0, -14.0)]
    [InlineData("reverse twist 4 dB, ±1.5 %", -0.015, 0.015, 50, -12.0, -8.0)]
    [InlineData("weak, -25 dBm0 each", 0.0, 0.0, 50, -25.0, -25.0)]
    [InlineData("loud, 0 dBm0 each", 0.0, 0.0, 50, 0.0, 0.0)]
    public void Detect_ReportsEachKeyOnce_WhenToneIsWithinQ24AcceptLimits(
        string condition, double rowOffset, double columnOffset, int milliseconds, double rowDbm0, double columnDbm0)
    {
        // Arrange / Act
        var failures = Run(rowOffset, columnOffset, milliseconds, rowDbm0, columnDbm0, noiseDbm0: null, expectDigit: true);

        // Assert
        Assert.True(failures.Count == 0, $"{condition}: {string.Join("; ", failures)}");
    }

    [Theory]
    [InlineData("row +3.5 %", 0.035, 0.0, 100, -10.0, -10.0)]
    [InlineData("row -3.5 %", -0.035, 0.0, 100, -10.0, -10.0)]
    [InlineData("column +3.5 %", 0.0, 0.035, 100, -10.0, -10.0)]
    [InlineData("column -3.5 %", 0.0, -0.035, 100, -10.0, -10.0)]
    [InlineData("both +3.5 %", 0.035, 0.035, 100, -10.0, -10.0)]
    [InlineData("20 ms", 0.0, 0.0, 20, -10.0, -10.0)]
    [InlineData("22 ms", 0.0, 0.0, 22, -10.0, -10.0)]
    [InlineData("normal twist 10 dB", 0.0, 0.0, 100, -5.0, -15.0)]
    [InlineData("reverse twist 6 dB", 0.0, 0.0, 100, -13.0, -7.0)]
    [InlineData("row tone alone", 0.0, 0.0, 100, -10.0, -200.0)]
    [InlineData("column tone alone", 0.0, 0.0, 100, -200.0, -10.0)]
    [InlineData("too weak, -40 dBm0 each", 0.0, 0.0, 100, -40.0, -40.0)]
    public void Detect_ReportsNothing_WhenToneIsBeyondQ24RejectLimits(
        string condition, double rowOffset, double columnOffset, int milliseconds, double rowDbm0, double columnDbm0)
    {
        // Arrange / Act
        var failures = Run(rowOffset, columnOffset, milliseconds, rowDbm0, columnDbm0, noiseDbm0: null, expectDigit: false);

        // Assert
        Assert.True(failures.Count == 0, $"{condition}: {string.Join("; ", failures)}");
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(15.0)]
    public void Detect_ReportsEachKeyOnce_WhenWhiteNoiseIsAtModerateSnr(double snrDb)
    {
        // Arrange: each tone at -10 dBm0, so the pair is at -7 dBm0; the noise SNR dB below the pair.
        var noiseDbm0 = -7.0 - snrDb;

        // Act
        var failures = Run(0.0, 0.0, 50, -10.0, -10.0, noiseDbm0, expectDigit: true);

        // Assert
        Assert.True(failures.Count == 0, $"SNR {snrDb} dB: {string.Join("; ", failures)}");
    }

    [Fact]
    public void Detect_ReportsOneDigitWithItsDuration_WhenKeyIsHeldForOneSecond()
    {
        // Arrange
        var audio = ToneGenerator.Press(770, 1336, TimeSpan.FromSeconds(1));

        // Act
        var found = InBandHarness.Detect(audio);

        // Assert
        var digit = Assert.Single(found);
        Assert.Equal('5', digit.Digit);
        Assert.InRange(digit.Duration.TotalMilliseconds, 970, 1010);
    }

    [Fact]
    public void Detect_ReportsTwoDigits_WhenSameKeyIsPressedTwiceWith40MsPause()
    {
        // Arrange
        var first = ToneGenerator.Press(852, 1477, TimeSpan.FromMilliseconds(50), tailSamples: 320);
        var second = ToneGenerator.Press(852, 1477, TimeSpan.FromMilliseconds(50), leadSamples: 0);

        // Act
        var found = InBandHarness.Detect([.. first, .. second]);

        // Assert
        Assert.Equal("99", string.Concat(found.Select(f => f.Digit)));
    }

    [Fact]
    public void Detect_ReportsEveryKeyInOrder_WhenAllSixteenAreDialled()
    {
        // Arrange
        var audio = new List<double>();
        foreach (var key in ToneGenerator.Keys)
        {
            var (row, column) = ToneGenerator.Frequencies(key);
            audio.AddRange(ToneGenerator.Press(row, column, TimeSpan.FromMilliseconds(45), leadSamples: 400, tailSamples: 0));
        }

        audio.AddRange(new double[800]);

        // Act
        var found = InBandHarness.Detect(audio.ToArray());

        // Assert
        Assert.Equal(ToneGenerator.Keys, string.Concat(found.Select(f => f.Digit)));
    }

    [Fact]
    public void Detect_MeetsQ24Grid_WhenSweptOverOffsetDurationAndTwist()
    {
        // Arrange / Act: detection rate over 16 keys × 7 alignments for each condition.
        var table = new StringBuilder();
        table.AppendLine("| condition | detected |");
        table.AppendLine("|---|---|");
        foreach (var percent in new[] { -4.0, -3.5, -3.0, -2.5, -2.0, -1.5, 0.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0 })
        {
            table.AppendLine(Row($"row {percent:+0.0;-0.0;0} %", Rate(percent / 100, 0, 60, -10, -10)));
            table.AppendLine(Row($"column {percent:+0.0;-0.0;0} %", Rate(0, percent / 100, 60, -10, -10)));
        }

        foreach (var milliseconds in new[] { 15, 20, 22, 23, 25, 28, 30, 33, 36, 40, 45 })
        {
            table.AppendLine(Row($"{milliseconds} ms", Rate(0, 0, milliseconds, -10, -10)));
        }

        foreach (var twist in new[] { -7.0, -6.0, -5.0, -4.0, -3.0, 0.0, 4.0, 6.0, 8.0, 9.0, 10.0, 12.0 })
        {
            table.AppendLine(Row($"twist {twist:+0;-0;0} dB (+ normal: column weaker)", Rate(0, 0, 60, -10 + (twist / 2), -10 - (twist / 2))));
        }

        output.WriteLine(table.ToString());

        // Assert: the limits themselves (the grid above is for the record).
        Assert.Equal(1.0, Rate(0.015, -0.015, 40, -10, -10));
        Assert.Equal(0.0, Rate(0.035, 0, 60, -10, -10));
        Assert.Equal(0.0, Rate(0, 0, 22, -10, -10));
    }

    private static string Row(string condition, double rate) =>
        string.Create(CultureInfo.InvariantCulture, $"| {condition} | {rate:P0} |");

    private static double Rate(double rowOffset, double columnOffset, int milliseconds, double rowDbm0, double columnDbm0)
    {
        var detected = 0;
        var total = 0;
        foreach (var key in ToneGenerator.Keys)
        {
            var (row, column) = ToneGenerator.Frequencies(key);
            foreach (var alignment in Alignments)
            {
                var audio = ToneGenerator.Press(
                    row * (1 + rowOffset), column * (1 + columnOffset), TimeSpan.FromMilliseconds(milliseconds), rowDbm0, columnDbm0, 800 + alignment);
                var found = InBandHarness.Detect(audio);
                total++;
                if (found.Count == 1 && found[0].Digit == key)
                {
                    detected++;
                }
            }
        }

        return (double)detected / total;
    }

    private static List<string> Run(
        double rowOffset, double columnOffset, int milliseconds, double rowDbm0, double columnDbm0, double? noiseDbm0, bool expectDigit)
    {
        var failures = new List<string>();
        var random = new Random(4733);
        foreach (var key in ToneGenerator.Keys)
        {
            var (row, column) = ToneGenerator.Frequencies(key);
            foreach (var alignment in Alignments)
            {
                var audio = ToneGenerator.Press(
                    row * (1 + rowOffset), column * (1 + columnOffset), TimeSpan.FromMilliseconds(milliseconds), rowDbm0, columnDbm0, 800 + alignment);
                if (noiseDbm0 is { } noise)
                {
                    ToneGenerator.AddNoise(audio, noise, random);
                }

                var found = InBandHarness.Detect(audio);
                var ok = expectDigit ? found.Count == 1 && found[0].Digit == key : found.Count == 0;
                if (!ok)
                {
                    failures.Add($"key {key} at +{alignment}: [{string.Join(",", found.Select(f => f.Digit))}]");
                }
            }
        }

        return failures;
    }
}
