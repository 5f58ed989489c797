namespace MilvusDM.TestServer.Storage;

/// <summary>Load states with the official common.LoadState numbers.</summary>
internal enum LoadStateOf
{
    NotExist = 0,
    NotLoad = 1,
    Loading = 2,
    Loaded = 3,
}
