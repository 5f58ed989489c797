namespace MilvusDM.Core.Model;

/// <summary>Official <c>common.LoadState</c> values.</summary>
public enum LoadState
{
    NotExist = 0,
    NotLoad = 1,
    Loading = 2,
    Loaded = 3,
}
