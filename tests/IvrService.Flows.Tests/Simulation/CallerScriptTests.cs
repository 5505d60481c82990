using IvrService.Flows.Simulation;

namespace IvrService.Flows.Tests.Simulation;

public sealed class CallerScriptTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Parse_GivesOneGroupPerCommaThenHangsUp_WhenScriptIsValid()
    {
        var script = CallerScript.Parse("2,,12345#, *a");

        var groups = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            groups.Add(await script.NextAsync(CancellationToken.None).AsTask().WaitAsync(Wait));
        }

        Assert.Equal(["2", "", "12345#", "*A", null], groups);
    }

    [Fact]
    public void Parse_ThrowsNamingCharacterAndPosition_WhenCharacterIsNotAKey()
    {
        var error = Assert.Throws<FormatException>(() => CallerScript.Parse("2,12x"));

        Assert.Equal("'x' at position 5 is not a key (0-9, *, #, A-D; groups separated by commas).", error.Message);
    }

    [Fact]
    public async Task FromReader_RefusesBadLineAndHangsUpAtEnd_WhenReadingLines()
    {
        var feedback = new StringWriter();
        var script = CallerScript.FromReader(new StringReader("1\nx9\n\n#\n"), feedback, "keys> ");

        var groups = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            groups.Add(await script.NextAsync(CancellationToken.None).AsTask().WaitAsync(Wait));
        }

        Assert.Equal(["1", "", "#", null], groups);
        Assert.Contains("'x' is not a key", feedback.ToString(), StringComparison.Ordinal);
    }
}
