namespace MilvusDM.Core.Transfer;

/// <summary>
/// An IProgress that calls back synchronously on the reporting thread, in order (Progress&lt;T&gt; posts to a
/// synchronization context and may reorder). Lets callers outside Core observe progress without implementing a Core interface.
/// </summary>
public sealed class CallbackProgress<T>(Action<T> callback) : IProgress<T>
{
    private readonly object _gate = new();

    public void Report(T value)
    {
        lock (_gate) callback(value);
    }
}
