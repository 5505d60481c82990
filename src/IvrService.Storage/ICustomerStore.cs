namespace IvrService.Storage;

/// <summary>Customers pushed by the integrator's systems (<c>customers</c>).</summary>
public interface ICustomerStore
{
    Task<CustomerRecord?> GetCustomerAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the customer or replaces the stored one with the same id (its <c>CreatedAt</c> is kept; <c>UpdatedAt</c>
    /// moves only when something changed). Returns the stored customer and whether it was created.
    /// </summary>
    Task<(CustomerRecord Customer, bool Created)> UpsertCustomerAsync(CustomerRecord customer, CancellationToken cancellationToken);
}
