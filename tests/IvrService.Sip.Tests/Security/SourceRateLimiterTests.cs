using System.Net;
using IvrService.Sip.Security;
using Microsoft.Extensions.Time.Testing;

namespace IvrService.Sip.Tests.Security;

public sealed class SourceRateLimiterTests
{
    private static readonly IPAddress Source = IPAddress.Parse("192.0.2.10");

    [Fact]
    public void TryAcquire_AllowsBurstThenRefuses_WhenSourceSendsFasterThanTheRate()
    {
        // Arrange
        var limiter = CreateLimiter(new SipSecurityOptions { Burst = 5, RequestsPerSecondPerSource = 1 }, out _);

        // Act
        var results = Enumerable.Range(0, 7).Select(_ => limiter.TryAcquire(Source)).ToArray();

        // Assert
        Assert.Equal([true, true, true, true, true, false, false], results);
    }

    [Fact]
    public void TryAcquire_AllowsAgain_WhenTimeRefillsTheBucket()
    {
        // Arrange
        var limiter = CreateLimiter(new SipSecurityOptions { Burst = 2, RequestsPerSecondPerSource = 4 }, out var time);
        limiter.TryAcquire(Source);
        limiter.TryAcquire(Source);
        Assert.False(limiter.TryAcquire(Source));

        // Act
        time.Advance(TimeSpan.FromMilliseconds(250));
        var afterQuarterSecond = limiter.TryAcquire(Source);
        var immediatelyAgain = limiter.TryAcquire(Source);
        time.Advance(TimeSpan.FromMinutes(1));
        var afterLongPause = Enumerable.Range(0, 3).Select(_ => limiter.TryAcquire(Source)).ToArray();

        // Assert
        Assert.True(afterQuarterSecond);
        Assert.False(immediatelyAgain);
        Assert.Equal([true, true, false], afterLongPause);
    }

    [Fact]
    public void TryAcquire_KeepsSourcesApart_WhenOneSourceIsExhausted()
    {
        // Arrange
        var limiter = CreateLimiter(new SipSecurityOptions { Burst = 1, RequestsPerSecondPerSource = 1 }, out _);
        limiter.TryAcquire(Source);

        // Act
        var sameSource = limiter.TryAcquire(Source);
        var otherSource = limiter.TryAcquire(IPAddress.Parse("192.0.2.11"));

        // Assert
        Assert.False(sameSource);
        Assert.True(otherSource);
    }

    [Fact]
    public void TryAcquire_SharesBucket_WhenSourceArrivesAsIPv4AndAsIPv4Mapped()
    {
        // Arrange
        var limiter = CreateLimiter(new SipSecurityOptions { Burst = 1, RequestsPerSecondPerSource = 1 }, out _);
        limiter.TryAcquire(Source);

        // Act
        var mapped = limiter.TryAcquire(Source.MapToIPv6());

        // Assert
        Assert.False(mapped);
        Assert.Equal(1, limiter.TrackedSourceCount);
    }

    [Fact]
    public void TryAcquire_SharesBucket_WhenIPv6SourcesAreInSamePrefix()
    {
        // Arrange
        var limiter = CreateLimiter(new SipSecurityOptions { Burst = 1, RequestsPerSecondPerSource = 1 }, out _);
        limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2::1"));

        // Act
        var samePrefix = limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2:ffff::9"));
        var otherPrefix = limiter.TryAcquire(IPAddress.Parse("2001:db8:1:3::1"));

        // Assert
        Assert.False(samePrefix);
        Assert.True(otherPrefix);
    }

    [Fact]
    public void TryAcquire_NeverRefuses_WhenSourceIsExempt()
    {
        // Arrange
        var options = new SipSecurityOptions { Burst = 1, RequestsPerSecondPerSource = 1, RateLimitExemptSources = ["192.0.2.0/24"] };
        var limiter = CreateLimiter(options, out _);

        // Act
        var results = Enumerable.Range(0, 100).Select(_ => limiter.TryAcquire(Source)).ToArray();

        // Assert
        Assert.All(results, Assert.True);
        Assert.Equal(0, limiter.TrackedSourceCount);
    }

    [Fact]
    public void TryAcquire_KeepsTrackedSourcesBounded_WhenScannedFromManyAddresses()
    {
        // Arrange
        var limiter = CreateLimiter(new SipSecurityOptions { MaxTrackedSources = 100 }, out var time);

        // Act
        for (var i = 0; i < 20_000; i++)
        {
            limiter.TryAcquire(new IPAddress((uint)i + 0x0100_0000u));
            if (i % 1_000 == 0)
            {
                time.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        // Assert
        Assert.InRange(limiter.TrackedSourceCount, 1, 100);
    }

    [Fact]
    public void TryAcquire_KeepsLimitingActiveFlooder_WhenTableFillsWithNewSources()
    {
        // Arrange: the flooder keeps sending while a scan fills the table.
        var limiter = CreateLimiter(new SipSecurityOptions { MaxTrackedSources = 50, Burst = 3, RequestsPerSecondPerSource = 0.001 }, out var time);
        var flooder = IPAddress.Parse("198.51.100.66");
        var refusals = 0;

        // Act
        for (var i = 0; i < 5_000; i++)
        {
            time.Advance(TimeSpan.FromTicks(1));
            limiter.TryAcquire(new IPAddress((uint)i + 0x0100_0000u));
            if (!limiter.TryAcquire(flooder))
            {
                refusals++;
            }
        }

        // Assert: only its first burst got through; being the most recently seen, it was never forgotten.
        Assert.Equal(5_000 - 3, refusals);
    }

    [Fact]
    public void EvictIdle_ForgetsOnlyIdleSources_WhenIdleTimeoutHasPassed()
    {
        // Arrange
        var limiter = CreateLimiter(new SipSecurityOptions { IdleSourceTimeout = TimeSpan.FromSeconds(30) }, out var time);
        limiter.TryAcquire(IPAddress.Parse("192.0.2.1"));
        limiter.TryAcquire(IPAddress.Parse("192.0.2.2"));
        time.Advance(TimeSpan.FromSeconds(20));
        limiter.TryAcquire(IPAddress.Parse("192.0.2.2"));
        time.Advance(TimeSpan.FromSeconds(15));

        // Act
        var evicted = limiter.EvictIdle();

        // Assert
        Assert.Equal(1, evicted);
        Assert.Equal(1, limiter.TrackedSourceCount);
    }

    [Fact]
    public void TryAcquire_DoesNotAllocate_WhenSourceIsAlreadyTracked()
    {
        // Arrange
        var limiter = CreateLimiter(new SipSecurityOptions { Burst = 10, RequestsPerSecondPerSource = 5 }, out _);
        var v6 = IPAddress.Parse("2001:db8::7");
        limiter.TryAcquire(Source);
        limiter.TryAcquire(v6);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            limiter.TryAcquire(Source);
            limiter.TryAcquire(v6);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(0, allocated);
        Assert.Equal(2, limiter.TrackedSourceCount);
    }

    [Fact]
    public async Task TryAcquire_GrantsExactlyTheBurst_WhenOneSourceIsCheckedConcurrently()
    {
        // Arrange
        var limiter = CreateLimiter(new SipSecurityOptions { Burst = 500, RequestsPerSecondPerSource = 1 }, out _);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // Act
        var workers = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(
                () =>
                {
                    var granted = 0;
                    for (var i = 0; i < 1_000; i++)
                    {
                        if (limiter.TryAcquire(Source))
                        {
                            granted++;
                        }
                    }

                    return granted;
                },
                timeout.Token))
            .ToArray();
        var grants = await Task.WhenAll(workers).WaitAsync(timeout.Token);

        // Assert
        Assert.Equal(500, grants.Sum());
    }

    private static SourceRateLimiter CreateLimiter(SipSecurityOptions options, out FakeTimeProvider time)
    {
        time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return new SourceRateLimiter(options, time);
    }
}
