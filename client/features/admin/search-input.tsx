// A text filter that updates the list when the typing pauses, not one request per key (a phone
// on a weak connection would queue a dozen).
import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react'

const SEARCH_DELAY_MS = 400

type SearchInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string
  onChange: (value: string) => void
}

export function SearchInput({ value, onChange, type = 'search', ...props }: SearchInputProps) {
  const [text, setText] = useState(value)
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  useEffect(() => setText(value), [value])
  useEffect(() => {
    if (text.trim() === value) return
    const timer = setTimeout(() => onChangeRef.current(text.trim()), SEARCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [text, value])
  return <input {...props} type={type} value={text} onChange={(event) => setText(event.target.value)} />
}
