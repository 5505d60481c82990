using IvrService.Flows.Calendar;

namespace IvrService.Flows.Speaking;

/// <summary>
/// Turns numbers, digit strings, dates and amounts into the prompt keys that speak them, in Persian or English
/// (e.g. 1,250,000 in fa → number.1, number.million, and, number.200, and, number.50, number.thousand).
/// Every key returned has a text in <c>prompts/&lt;language&gt;/prompts.yaml</c>.
/// </summary>
public static class SpokenForms
{
    public static IReadOnlyList<string> Number(long value, string language) => throw new NotImplementedException();

    public static IReadOnlyList<string> Digits(string digits, string language) => throw new NotImplementedException();

    public static IReadOnlyList<string> Date(DateOnly date, CalendarSystem calendar, string language) => throw new NotImplementedException();

    public static IReadOnlyList<string> Amount(decimal amount, string currency, string language) => throw new NotImplementedException();
}
