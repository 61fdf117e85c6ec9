/** React Query bindings for the typed RPC. Query keys are `[methodName, args]`. */
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query'
import type { AppContract, MethodName } from '../../../modules/contract'
import type { ListQuery, Page } from '../../../modules/core/rpc'
import { invoke, type In, type Out, type RpcFailure } from './client'

export const rpcKey = <K extends MethodName>(name: K, args?: In<K>) => (args === undefined ? [name] : [name, args]) as readonly unknown[]

export function useRpcQuery<K extends MethodName>(
  name: K,
  args: In<K>,
  options?: Omit<UseQueryOptions<Out<K>, RpcFailure>, 'queryKey' | 'queryFn'>,
) {
  return useQuery<Out<K>, RpcFailure>({ queryKey: rpcKey(name, args), queryFn: () => invoke(name, args), ...options })
}

/** Methods whose result is a `Page<Row>`: what the DataTable accepts. */
export type ListMethod = {
  [K in MethodName]: AppContract[K]['out'] extends Page<unknown> ? K : never
}[MethodName]
export type RowOf<K extends ListMethod> = AppContract[K]['out'] extends Page<infer R> ? R : never

export function useListQuery<K extends ListMethod>(method: K, query: ListQuery, options?: { enabled?: boolean }) {
  return useQuery<Page<RowOf<K>>, RpcFailure>({
    queryKey: rpcKey(method, query as In<K>),
    queryFn: () => invoke(method, query as In<K>) as Promise<Page<RowOf<K>>>,
    placeholderData: keepPreviousData,
    enabled: options?.enabled,
  })
}

export interface RpcMutationOptions<K extends MethodName>
  extends Omit<UseMutationOptions<Out<K>, RpcFailure, In<K>>, 'mutationFn'> {
  /** Method-name prefixes whose queries are invalidated on success, e.g. `['admin.users']`. */
  invalidate?: string[]
}

export function useRpcMutation<K extends MethodName>(name: K, options: RpcMutationOptions<K> = {}) {
  const qc = useQueryClient()
  const { invalidate, onSuccess, ...rest } = options
  return useMutation<Out<K>, RpcFailure, In<K>>({
    mutationFn: (args) => invoke(name, args),
    ...rest,
    onSuccess: async (...params) => {
      if (invalidate?.length) {
        await qc.invalidateQueries({
          predicate: (q) => typeof q.queryKey[0] === 'string' && invalidate.some((p) => (q.queryKey[0] as string).startsWith(p)),
        })
      }
      await onSuccess?.(...params)
    },
  })
}
